using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using MeetingMigration.Engine.Tests.Store;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>One organizer with a fake mailbox, a real store in a temp file and a hand-moved clock.</summary>
    internal sealed class MigrationFixture : IDisposable
    {
        public const string Organizer = "ada@contoso.com";
        private readonly TempStoreFile _file = new TempStoreFile();
        private int _next;

        public MigrationFixture()
        {
            Store = _file.Open(Clock);
            Mailbox.AddUser(Organizer);
        }

        public ManualClock Clock { get; } = new ManualClock();
        public FakeMailbox Mailbox { get; } = new FakeMailbox();
        public SqliteMigrationStore Store { get; }
        public TempStoreFile File => _file;

        /// <summary>A Teams meeting whose invitation shows stale dial-in data; Graph knows the fresh data.</summary>
        public CalendarEvent AddStaleTeamsMeeting(string subject, int daysAhead = 3, Action<CalendarEvent>? change = null)
        {
            var key = $"m{++_next}";
            var joinUrl = MeetingBodies.TeamsJoinUrl(key);
            Mailbox.AddTeamsMeeting(MeetingBodies.FreshTeams(joinUrl));
            var item = MeetingBodies.TeamsMeeting("evt-" + key, subject, Clock.UtcNow.AddDays(daysAhead), MeetingBodies.TeamsBlock(MeetingBodies.StaleTeams(joinUrl)), joinUrl);
            change?.Invoke(item);
            return Mailbox.Add(Organizer, item);
        }

        /// <summary>A stale Teams meeting whose block shows the stale details as <paramref name="block"/> edits them (its join link the event's unless set).</summary>
        public CalendarEvent AddStaleTeamsMeetingShowing(string subject, Action<ConferencingCoordinates> block) =>
            AddStaleTeamsMeeting(subject, change: e =>
            {
                var stale = MeetingBodies.StaleTeams(e.JoinUrl!);
                block(stale);
                e.Body = MeetingBodies.Body(MeetingBodies.TeamsBlock(stale));
            });

        /// <summary>A Teams series whose master and occurrences show stale dial-in data; Graph knows the fresh data.</summary>
        public void AddStaleTeamsSeries(string masterId, string subject, DateTime first, IEnumerable<(string Id, DateTime Start)> occurrences,
            Action<CalendarEvent>? changeMaster = null)
        {
            var joinUrl = MeetingBodies.TeamsJoinUrl(masterId);
            Mailbox.AddTeamsMeeting(MeetingBodies.FreshTeams(joinUrl));
            var stale = MeetingBodies.TeamsBlock(MeetingBodies.StaleTeams(joinUrl));
            var master = MeetingBodies.TeamsMeeting(masterId, subject, first, stale, joinUrl);
            master.Type = "seriesMaster";
            changeMaster?.Invoke(master);
            Mailbox.Add(Organizer, master);
            foreach (var (id, start) in occurrences)
            {
                var occurrence = MeetingBodies.TeamsMeeting(id, subject, start, stale, joinUrl);
                occurrence.Type = "occurrence";
                occurrence.SeriesMasterId = masterId;
                Mailbox.Add(Organizer, occurrence);
            }
        }

        public async Task<MigrationRequest> Queue(SourceMeetingType source = SourceMeetingType.All, TargetMeetingType target = TargetMeetingType.Current)
        {
            var result = await Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(Organizer), source, target), CancellationToken.None);
            return result.Request;
        }

        public Task<AttemptResult> Run(MigrationRequest request, bool dryRun = false) =>
            new RequestProcessor(Mailbox, Store, Clock).RunAsync(request, dryRun, null, CancellationToken.None);

        /// <summary>The next request run by a new worker once <paramref name="dead"/>'s lease has run out (its process was killed).</summary>
        public Task<MigrationRequest?> ResumeAfterAsync(MigrationWorker dead, string workerId = "next")
        {
            Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
            return new MigrationWorker(Store, Mailbox, workerId, Clock).RunNextAsync(null, null, CancellationToken.None);
        }

        /// <summary>
        /// Runs the next request in a worker whose process dies (kill -9) once the <paramref name="patch"/>-th PATCH is
        /// applied: no stop path runs, so the request stays InProgress under the dead worker's live lease.
        /// </summary>
        public Task<MigrationWorker> KillAfterPatchAsync(string workerId, int patch, Guid? only = null) => StopAfterPatchAsync(workerId, patch, handBack: false, only: only);

        /// <summary>
        /// Runs the next request in a worker that is stopped (Ctrl+C in -Wait, SIGTERM to the service) while the
        /// <paramref name="patch"/>-th PATCH is answered (any PATCH when null): its stop path hands the lease back.
        /// With <paramref name="handBack"/> false, a process killed there instead (see <see cref="KillAfterPatchAsync"/>); with
        /// <paramref name="beforeApply"/>, stopped as that PATCH goes out, before Graph applies it. With <paramref name="only"/>,
        /// that request runs, not the next in the queue (a -Wait session).
        /// </summary>
        public async Task<MigrationWorker> StopAfterPatchAsync(string workerId, int? patch, bool handBack = true, bool beforeApply = false, Guid? only = null)
        {
            using var stop = new CancellationTokenSource();
            Func<EventPatch, int, Exception?> stopAt = (_, n) =>
            {
                if (patch != null && n != patch) return null;
                stop.Cancel();
                return new OperationCanceledException(stop.Token);
            };
            if (beforeApply) Mailbox.FailBeforeApply = stopAt;
            else Mailbox.FailAfterApply = stopAt;
            var worker = new MigrationWorker(Store, Mailbox, workerId, Clock) { ReleaseLeaseWhenStopped = handBack };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.RunNextAsync(only, null, stop.Token));
            Mailbox.FailBeforeApply = null;
            Mailbox.FailAfterApply = null;
            return worker;
        }

        /// <summary>
        /// Runs the next request in a worker stopped as it reads a meeting <paramref name="stopAt"/> chooses (between two
        /// meetings' writes): its stop path hands the lease back, or, with <paramref name="handBack"/> false, its process is
        /// taken as killed there.
        /// </summary>
        public async Task<MigrationWorker> StopBeforeReadingAsync(string workerId, Func<string, bool> stopAt, bool handBack = true)
        {
            using var stop = new CancellationTokenSource();
            Mailbox.GetEventFailure = (id, _) =>
            {
                if (!stopAt(id)) return null;
                stop.Cancel();
                return new OperationCanceledException(stop.Token);
            };
            var worker = new MigrationWorker(Store, Mailbox, workerId, Clock) { ReleaseLeaseWhenStopped = handBack };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.RunNextAsync(null, null, stop.Token));
            Mailbox.GetEventFailure = null;
            return worker;
        }

        /// <summary>The block in the event's current body.</summary>
        public BlockMatch BlockOf(CalendarEvent item) => BlockScanner.Scan(item.Body, item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text).Match!;

        public void Dispose() => _file.Dispose();
    }
}
