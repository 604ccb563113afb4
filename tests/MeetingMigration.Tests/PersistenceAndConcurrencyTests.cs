using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>The store outlives a session, and sessions writing to it at the same time lose nothing.</summary>
    public sealed class PersistenceAndConcurrencyTests : IDisposable
    {
        private readonly TempStore _store = new TempStore();

        public void Dispose() => _store.Dispose();

        [Fact]
        public void Requests_and_settings_survive_a_new_runspace()
        {
            string before;
            using (var first = new ModuleRunspace(_store.StorePath))
            {
                first.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com; Start-CsExMeetingMigration -Identity bob@contoso.com -TargetMeetingType Teams");
                first.Ok("Set-CsOnlineDialInConferencingTenantSettings -PinLength 9 -AutomaticallyMigrateUserMeetings $false");
                first.Ok("Set-CsTenantMigrationConfiguration -UserRetryLimit 4");
                before = first.Snapshot();
            }

            using var second = new ModuleRunspace(_store.StorePath);
            Assert.Equal(before, second.Snapshot());
            Assert.Equal(new[] { "2", "0", "0", "0" }, second.Ok("Get-CsMeetingMigrationStatus -SummaryOnly").Texts("UserCount"));
            Assert.Equal((uint)9, second.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single().Prop("PinLength"));

            // And the second session keeps merging into the first one's Pending request.
            second.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            Assert.Equal(2, second.Ok("Get-CsMeetingMigrationStatus").Count);
        }

        [Fact]
        public void Connect_switches_the_runspace_to_another_store()
        {
            using var ps = new ModuleRunspace(_store.StorePath);
            ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");

            using var other = new TempStore();
            ps.Ok("Connect-MeetingMigration -StorePath $p", ("p", other.StorePath));
            Assert.Empty(ps.Ok("Get-CsMeetingMigrationStatus"));

            ps.Ok("Connect-MeetingMigration -StorePath $p", ("p", _store.StorePath));
            Assert.Single(ps.Ok("Get-CsMeetingMigrationStatus"));
        }

        [Fact]
        public void Runspaces_keep_their_own_connection()
        {
            using var a = new ModuleRunspace();
            using var b = new ModuleRunspace();
            a.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");

            Assert.Single(a.Ok("Get-CsMeetingMigrationStatus"));
            Assert.Empty(b.Ok("Get-CsMeetingMigrationStatus"));
        }

        [Fact]
        public void Two_runspaces_queueing_at_once_lose_nothing_and_never_see_a_locked_database()
        {
            const int perSession = 50;
            using var a = new ModuleRunspace(_store.StorePath);
            using var b = new ModuleRunspace(_store.StorePath);
            using var go = new Barrier(2);

            PsResult Queue(ModuleRunspace ps, string prefix)
            {
                go.SignalAndWait(TimeSpan.FromSeconds(30));
                // One command per user (not one pipeline), so every enqueue is its own write transaction.
                return ps.Run($"1..{perSession} | ForEach-Object {{ Start-CsExMeetingMigration -Identity \"{prefix}$_@contoso.com\" }}; " +
                              $"1..10 | ForEach-Object {{ Set-CsOnlineDialInConferencingTenantSettings -PinLength (4 + $_ % 8) }}; " +
                              "1..10 | ForEach-Object { $null = Get-CsMeetingMigrationStatus -SummaryOnly }");
            }

            var runs = Task.WhenAll(Task.Run(() => Queue(a, "a")), Task.Run(() => Queue(b, "b")));
            Assert.True(runs.Wait(TimeSpan.FromSeconds(120)), "the two sessions did not finish within 120 s");

            foreach (var run in runs.Result)
            {
                run.AssertSuccess();
                Assert.DoesNotContain(run.Errors, e => e.ToString().Contains("locked", StringComparison.OrdinalIgnoreCase));
            }
            var users = a.Ok("Get-CsMeetingMigrationStatus").Texts("UserPrincipalName");
            Assert.Equal(2 * perSession, users.Count);
            Assert.Equal(2 * perSession, users.Distinct().Count());
            var expected = Enumerable.Range(1, perSession).SelectMany(i => new[] { $"a{i}@contoso.com", $"b{i}@contoso.com" }).OrderBy(u => u, StringComparer.Ordinal);
            Assert.Equal(expected, users.OrderBy(u => u, StringComparer.Ordinal));
            Assert.Equal(new[] { (2 * perSession).ToString(), "0", "0", "0" }, b.Ok("Get-CsMeetingMigrationStatus -SummaryOnly").Texts("UserCount"));
        }

        [Fact]
        public void Two_runspaces_queueing_the_same_users_at_once_keep_one_Pending_request_per_user()
        {
            const int users = 40;
            using var a = new ModuleRunspace(_store.StorePath);
            using var b = new ModuleRunspace(_store.StorePath);
            using var go = new Barrier(2);

            PsResult Queue(ModuleRunspace ps)
            {
                go.SignalAndWait(TimeSpan.FromSeconds(30));
                return ps.Run($"1..{users} | ForEach-Object {{ Start-CsExMeetingMigration -Identity \"same$_@contoso.com\" }}");
            }

            var runs = Task.WhenAll(Task.Run(() => Queue(a)), Task.Run(() => Queue(b)));
            Assert.True(runs.Wait(TimeSpan.FromSeconds(120)), "the two sessions did not finish within 120 s");
            foreach (var run in runs.Result) run.AssertSuccess();

            var records = a.Ok("Get-CsMeetingMigrationStatus");
            Assert.Equal(users, records.Count);
            Assert.All(records, r => Assert.Equal("Pending", r.Text("State")));
        }
    }
}
