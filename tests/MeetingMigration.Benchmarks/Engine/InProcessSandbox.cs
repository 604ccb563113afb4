using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>A fresh in-process sandbox seeded with a generated tenant (seeding bypasses HTTP, limits and latency).</summary>
internal static class InProcessSandbox
{
    /// <param name="sameMeetingsForEveryUser">Every mailbox gets the same work (<see cref="TenantGeneratorOptions.SameMeetingsForEveryUser"/>).</param>
    public static GeneratedTenant Tenant(int users, int meetingsPerUser, int seed, bool sameMeetingsForEveryUser = false)
    {
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
        {
            Users = users,
            MeetingsPerUser = meetingsPerUser,
            Seed = seed,
            Now = DateTimeOffset.UtcNow, // the engine runs on the system clock
            OnPremisesUserFraction = 0,  // their mailboxes answer 404 and would only shorten the run
            SameMeetingsForEveryUser = sameMeetingsForEveryUser,
        });
        GeneratedProfiles.Remember(tenant);
        return tenant;
    }

    public static IReadOnlyList<string> Mailboxes(GeneratedTenant tenant) =>
        tenant.Users.Where(u => !u.IsOnPremises).Select(u => u.UserPrincipalName).ToList();

    public static async Task<SandboxServer> StartAsync(GeneratedTenant tenant, SandboxLimits limits, SandboxFaults faults)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { Limits = limits, Faults = faults });
        await new InProcessSandboxSeeder(server.State).SeedAsync(tenant);
        server.State.ClearNotifications();
        server.ResetStats();
        return server;
    }
}
