using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>The undo tests' converted series: what they arrange before an undo of it.</summary>
    internal static class ConvertedSeries
    {
        /// <summary>
        /// A weekly Skype series (weekly-1 to weekly-3 a week apart) converted to a Teams meeting (created1) by a Skype-to-Teams
        /// migration; returns the series' body before it and that migration.
        /// </summary>
        public static async Task<(string Original, MigrationRequest Conversion)> ArrangeAsync(MigrationFixture f)
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
    }
}
