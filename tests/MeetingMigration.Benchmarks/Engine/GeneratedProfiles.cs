using System;
using System.Collections.Concurrent;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// The conferencing each generated user has in the sandbox, by UPN, so that the store the engine runs on holds the same
/// conference ID and numbers as Exchange and Teams do, as it does in a tenant where the two agree.
/// </summary>
internal static class GeneratedProfiles
{
    private static readonly ConcurrentDictionary<string, SeedConferencing> ByUpn = new(StringComparer.OrdinalIgnoreCase);

    public static void Remember(GeneratedTenant tenant)
    {
        foreach (var user in tenant.Users)
            if (user.Entry.Conferencing is { } conferencing) ByUpn[user.UserPrincipalName] = conferencing;
    }

    public static SeedConferencing? Of(string upn) => ByUpn.TryGetValue(upn, out var found) ? found : null;
}
