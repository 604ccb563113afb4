using System.Globalization;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Infrastructure;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// A generated tenant seeded into a sandbox process, with a store prepared as an admin would: every organizer's Skype
/// conferencing profile (so Skype meetings are refreshed, not failed), new Teams dial-in details in the sandbox (so Teams
/// meetings are refreshed, not found current), and every organizer queued; one in four with target Teams, so their Skype
/// meetings are converted to new Teams meetings.
/// </summary>
public sealed class ProofTenant
{
    private ProofTenant(GeneratedTenant tenant, ProofStore store, IReadOnlySet<string> teamsTargets, IReadOnlyDictionary<string, int> onlineMeetingsBefore)
    {
        Tenant = tenant;
        Store = store;
        TeamsTargets = teamsTargets;
        OnlineMeetingsBefore = onlineMeetingsBefore;
    }

    public GeneratedTenant Tenant { get; }
    public ProofStore Store { get; }
    /// <summary>The embedded store's file (the proofs that drive PowerShell sessions use the embedded store only).</summary>
    public string StorePath => Store.IsServer ? throw new InvalidOperationException("this proof runs on the embedded store only") : Store.Location;
    /// <summary>Organizers queued with TargetMeetingType Teams (lower case).</summary>
    public IReadOnlySet<string> TeamsTargets { get; }
    public IReadOnlyDictionary<string, int> OnlineMeetingsBefore { get; }
    public IReadOnlyList<string> Mailboxes => Tenant.Users.Select(u => u.UserPrincipalName).ToList();

    /// <summary>
    /// Writes the tenant file the sandbox process is started with; Now is the real clock, as the service's is.
    /// <paramref name="tune"/> changes the generator's mix (more series, say) from its defaults.
    /// </summary>
    public static GeneratedTenant Generate(int users, int meetingsPerUser, int seed, string workDirectory, out string tenantFile,
        Func<TenantGeneratorOptions, TenantGeneratorOptions>? tune = null)
    {
        var options = new TenantGeneratorOptions
        {
            Users = users,
            MeetingsPerUser = meetingsPerUser,
            Seed = seed,
            Now = DateTimeOffset.UtcNow,
        };
        var tenant = TenantGenerator.Generate(tune?.Invoke(options) ?? options);
        tenantFile = Path.Combine(workDirectory, "tenant.json");
        tenant.WriteTenantFile(tenantFile);
        return tenant;
    }

    public static Task<ProofTenant> PrepareAsync(GeneratedTenant tenant, SandboxProcess sandbox, string storePath) =>
        PrepareAsync(tenant, sandbox, ProofStore.File(storePath));

    public static async Task<ProofTenant> PrepareAsync(GeneratedTenant tenant, SandboxProcess sandbox, ProofStore proofStore)
    {
        var teamsTargets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var before = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        using (var store = proofStore.Open())
        {
            // Failures a retry meets again end Failed at once; others would wait minutes for their retry.
            // The request-level retry is part of the design (a meeting's PATCH rounds are bounded; a request that failed on
            // Graph errors is retried later), so it stays on, squeezed into a minute so the run sees it through. The profile
            // saved below triggers a request of its own, which the explicit one merges into: no delay, so it is due now.
            await store.UpdateTenantMigrationConfigurationAsync(c =>
            {
                c.UserRetryLimit = 3;
                c.RetryWindow = TimeSpan.FromMinutes(1);
                c.TriggerDelay = TimeSpan.Zero;
            }, default);
            var admin = new ConferencingAdmin(store);
            for (var i = 0; i < tenant.Users.Count; i++)
            {
                var upn = tenant.Users[i].UserPrincipalName;
                await admin.SetUserAsync(UserIdentity.Parse(upn), SkypeProfile(upn, i), createIfMissing: true, default);
                await sandbox.PutAsync($"sandbox/users/{Uri.EscapeDataString(upn)}/conferencing", new
                {
                    conferenceId = (60_000_000 + i).ToString(CultureInfo.InvariantCulture),
                    tollNumber = "+1 425 555 0188",
                    tollFreeNumbers = new[] { "+1 800 555 0188" },
                    dialInUrl = "https://dialin.teams.microsoft.com/reliability",
                });
                var teams = i % 4 == 1;
                if (teams) teamsTargets.Add(upn);
                before[upn] = await sandbox.OnlineMeetingCountAsync(upn);
                await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(upn), SourceMeetingType.All,
                    teams ? TargetMeetingType.Teams : TargetMeetingType.Current), default);
            }
            var queued = await store.QueryAsync(new MigrationStatusQuery(), default);
            if (queued.Count != tenant.Users.Count || queued.Any(r => r.State != MigrationState.Pending
                    || r.TargetMeetingType != (teamsTargets.Contains(r.UserPrincipalName) ? TargetMeetingType.Teams : TargetMeetingType.Current)))
                throw new InvalidOperationException($"the queue is not one Pending request per organizer with its target ({queued.Count} requests)");
        }
        return new ProofTenant(tenant, proofStore, teamsTargets, before);
    }

    /// <summary>A Skype for Business profile unlike the generated blocks, with a conference ID unique in the tenant.</summary>
    private static DialInUserUpdate SkypeProfile(string upn, int index) => new()
    {
        JoinUrl = $"https://meet.contoso.com/{Uri.EscapeDataString(upn.Split('@')[0])}/REL{index:D4}",
        ConferenceId = (47_000_000 + index).ToString(CultureInfo.InvariantCulture),
        ServiceNumber = "+1 425 555 0142",
        TollFreeServiceNumbers = new[] { "+1 800 555 0142" },
        DialInUrl = "https://dialin.contoso.com/reliability",
    };
}
