using System;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Loads a generated tenant into a sandbox: users (with conferencing and mailbox location), then their events.</summary>
public interface ISandboxSeeder
{
    Task<SeedingResult> SeedAsync(GeneratedTenant tenant, CancellationToken cancellationToken = default);
}

public sealed record SeedingResult(int Users, int Events, TimeSpan Elapsed);
