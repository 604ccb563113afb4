using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>What the undo tests arrange around an undo: a converted series, new Teams details, the undo, a -Wait session.</summary>
    internal static class UndoArrangements
    {
        /// <summary>
        /// A weekly Skype series (weekly-1 to weekly-3 a week apart) converted to a Teams meeting (created1) by a Skype-to-Teams
        /// migration; returns the series' body before it and that migration.
        /// </summary>
        public static async Task<(string Original, MigrationRequest Conversion)> ConvertedSkypeSeriesAsync(MigrationFixture f)
        {
            var now = f.Clock.UtcNow;
            const string joinUrl = "https://meet.contoso.com/ada/weekly";
            var block = BlockRenderer.Render(MeetingKind.SkypeForBusiness, new ConferencingCoordinates { JoinUrl = joinUrl }, BodyFormat.Html);
            CalendarEvent Skype(CalendarEvent item, string type, string? master)
            {
                (item.Type, item.SeriesMasterId, item.OnlineMeetingProvider, item.OnlineMeetingUrl) = (type, master, "skypeForBusiness", joinUrl);
                return f.Mailbox.Add(MigrationFixture.Organizer, item);
            }
            Skype(MeetingBodies.TeamsMeeting("weekly", "Weekly", now.AddDays(-14), block), "seriesMaster", null);
            foreach (var i in Enumerable.Range(1, 3)) Skype(MeetingBodies.TeamsMeeting($"weekly-{i}", "Weekly", now.AddDays(7 * i), block), "occurrence", "weekly");
            var original = f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body;
            await f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams);
            var conversion = (await new MigrationWorker(f.Store, f.Mailbox, "w", f.Clock).RunNextAsync(null, null, CancellationToken.None))!;
            Assert.Equal((MigrationState.Succeeded, 1), (conversion.State, conversion.InvitesUpdate));
            return (original, conversion);
        }

        /// <summary>
        /// The organizer's Skype for Business details (which a migration writes in the series put back), a weekly Skype series
        /// converted to Teams, and its second occurrence moved since (an exception carrying the converted block).
        /// </summary>
        public static async Task<(string Original, MigrationRequest Conversion)> ConvertedSeriesWithAMovedOccurrenceAsync(MigrationFixture f)
        {
            await OrganizerSkypeDetailsAsync(f);
            var arranged = await ConvertedSkypeSeriesAsync(f);
            f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", f.Clock.UtcNow.AddDays(14).AddHours(2));
            Assert.Equal(MeetingKind.Teams, f.BlockOf(f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2")).Kind);
            f.Clock.Advance(TimeSpan.FromMinutes(1));
            return arranged;
        }

        /// <summary>Graph busy past a call's retries (503): a meeting, or the attempt, fails with a retry to come.</summary>
        public static Exception Busy() => new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy");

        /// <summary>
        /// Runs the next request with Graph failing every listing of a series' occurrences with <paramref name="failure"/>:
        /// an undo puts the series back, then cannot look for its moved occurrences.
        /// </summary>
        public static async Task<MigrationRequest?> RunWithOccurrenceListingFailingAsync(MigrationFixture f, Func<Exception> failure)
        {
            f.Mailbox.InstancesFailure = _ => failure();
            try
            {
                return await new MigrationWorker(f.Store, f.Mailbox, "w", f.Clock).RunNextAsync(null, null, CancellationToken.None);
            }
            finally
            {
                f.Mailbox.InstancesFailure = null;
            }
        }

        /// <summary>
        /// The organizer's Skype for Business details in the store (which a migration writes in Skype meetings), and the
        /// migration that change queued run, of a calendar with nothing in it yet.
        /// </summary>
        public static async Task OrganizerSkypeDetailsAsync(MigrationFixture f)
        {
            await new ConferencingAdmin(f.Store).SetUserAsync(UserIdentity.Parse(MigrationFixture.Organizer),
                new DialInUserUpdate { JoinUrl = "https://meet.contoso.com/ada/NEW1" }, createIfMissing: true, CancellationToken.None);
            var worker = new MigrationWorker(f.Store, f.Mailbox, "w", f.Clock);
            while (await worker.RunNextAsync(null, null, CancellationToken.None) != null) { }
        }

        /// <summary>Graph's dial-in details of these Teams meetings change (another conference ID), so a Teams migration writes them again.</summary>
        public static void NewTeamsDialIn(MigrationFixture f, params string[] joinUrls)
        {
            foreach (var joinUrl in joinUrls)
            {
                var changed = MeetingBodies.FreshTeams(joinUrl);
                changed.ConferenceId = "555666777";
                f.Mailbox.AddTeamsMeeting(changed);
            }
        }

        /// <summary>Undo-CsMeetingMigration as an admin runs it: of one request (-CorrelationId), or of every migration of the organizer.</summary>
        public static async Task<EnqueueResult> QueueUndoAsync(MigrationFixture f, bool ofTheRequest, Guid migration)
        {
            var admin = new MigrationAdmin(f.Store, f.Clock);
            return await admin.QueueUndoAsync(await admin.PlanUndoAsync(ofTheRequest ? null : UserIdentity.Parse(MigrationFixture.Organizer),
                ofTheRequest ? migration : (Guid?)null, CancellationToken.None), CancellationToken.None);
        }

        /// <summary>The kind of block the organizer's meeting <paramref name="id"/> shows now.</summary>
        public static MeetingKind KindOf(MigrationFixture f, string id) => f.BlockOf(f.Mailbox.Event(MigrationFixture.Organizer, id)).Kind;

        /// <summary>What a -Wait session runs its request with.</summary>
        public static SessionRunner WaitSession(MigrationFixture f) => new SessionRunner(f.Store, new MigrationWorker(f.Store, f.Mailbox, "session", f.Clock));
    }
}
