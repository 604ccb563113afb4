using System;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Entry point: a deterministic tenant (same options, same tenant, byte for byte).</summary>
public static class TenantGenerator
{
    public static GeneratedTenant Generate(TenantGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var users = UserFactory.CreateAll(options);
        Guid tenantId = DeterministicRandom.For(options.Seed, 0).NextGuid();
        return new GeneratedTenant(options, users, tenantId);
    }
}
