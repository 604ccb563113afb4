using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Migration;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>What -Wait's progress bar is made of: counts while the calendar is read, then a known total (a percentage).</summary>
    public sealed class ProgressTests : IDisposable
    {
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private sealed class Recorder : IProgress<MigrationProgress>
        {
            public readonly List<MigrationProgress> Reports = new List<MigrationProgress>();
            public void Report(MigrationProgress value) { lock (Reports) Reports.Add(value); }
        }

        [Fact]
        public async Task Once_the_calendar_is_read_every_report_carries_the_total_and_the_last_says_all_are_done()
        {
            for (var i = 0; i < 7; i++) _f.AddStaleTeamsMeeting("Weekly " + i, daysAhead: 2 + i);
            var request = await _f.Queue();
            var recorder = new Recorder();

            var result = await new RequestProcessor(_f.Mailbox, _f.Store, _f.Clock).RunAsync(request, dryRun: false, recorder, CancellationToken.None);

            Assert.Equal(7, result.SucceededMeeting);
            var read = recorder.Reports.Where(r => r.CalendarRead).ToList();
            Assert.NotEmpty(read);
            Assert.All(read, r => Assert.Equal(7, r.MeetingsSeen));
            Assert.Contains(recorder.Reports, r => r.CalendarRead && r.MeetingsDone == 7);
            // Before the read ended the total was never claimed.
            var firstRead = recorder.Reports.FindIndex(r => r.CalendarRead);
            Assert.All(recorder.Reports.Skip(firstRead), r => Assert.True(r.CalendarRead || r.MeetingsSeen == 7));
        }
    }
}
