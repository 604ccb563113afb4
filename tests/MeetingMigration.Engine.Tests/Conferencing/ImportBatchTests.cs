using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>Batches, progress, cancellation between batches, and a large file streamed through.</summary>
    public sealed class ImportBatchTests : IDisposable
    {
        private readonly ImportFixture _fixture = new ImportFixture();

        public void Dispose() => _fixture.Dispose();

        private static IEnumerable<string> Rows(int count, Func<int, string>? row = null) =>
            new[] { "UserPrincipalName,ConferenceId" }.Concat(Enumerable.Range(1, count).Select(row ?? (i => $"user{i}@contoso.com,{1000000 + i}")));

        [Fact]
        public async Task Progress_is_reported_after_each_batch_with_the_total_counted_before_the_first()
        {
            var path = _fixture.WriteCsv(Rows(5, i => i == 3 ? "user3@contoso.com,bad" : $"user{i}@contoso.com,{1000000 + i}"));

            var summary = await _fixture.Import(path, batchSize: 2);

            Assert.Equal(new[] { 2, 4, 5 }, _fixture.Progress.Select(p => p.RowsRead));
            Assert.All(_fixture.Progress, p => Assert.Equal(5, p.TotalRows));
            Assert.Equal(new[] { 0, 1, 1 }, _fixture.Progress.Select(p => p.Failed));
            Assert.Equal((5, 4, 1), (summary.Rows, summary.Created, summary.Failed));
        }

        [Fact]
        public async Task Cancelling_stops_between_batches_and_keeps_the_batches_already_applied()
        {
            var path = _fixture.WriteCsv(Rows(6));
            using var cancellation = new CancellationTokenSource();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                _fixture.Import(path, batchSize: 2, cancellationToken: cancellation.Token, onProgress: _ => cancellation.Cancel()));

            var users = await _fixture.Users();
            Assert.Equal(new[] { "user1@contoso.com", "user2@contoso.com" }, users.Select(u => u.UserPrincipalName));
            Assert.Single(_fixture.Progress);
        }

        [Fact]
        public async Task A_second_import_of_the_same_file_finds_every_row_unchanged_and_queues_nothing()
        {
            var path = _fixture.WriteCsv(Rows(7));
            await _fixture.Import(path, batchSize: 3);

            var again = await _fixture.Import(path, batchSize: 3);

            Assert.Equal((7, 0, 0, 7, 0), (again.Rows, again.Created, again.Updated, again.Unchanged, again.Queued));
            Assert.Empty(await _fixture.Requests());
        }

        [Fact]
        public async Task A_hundred_thousand_rows_from_a_file_are_streamed_through_in_batches_with_the_bad_ones_reported()
        {
            const int count = 100_000;
            // Written row by row, as an export would be; every 10,000th row has a conference ID with a letter in it.
            var path = Path.Combine(Path.GetTempPath(), "mm-import-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                using (var writer = new StreamWriter(path, false, new UTF8Encoding(true)))
                {
                    writer.WriteLine("UserPrincipalName,ConferenceId,ServiceNumber,TollFreeServiceNumber,JoinUrl");
                    for (var i = 1; i <= count; i++)
                    {
                        var conferenceId = i % 10_000 == 0 ? $"{i}x" : (10_000_000 + i).ToString();
                        writer.WriteLine($"user{i}@contoso.com,{conferenceId},+1 425 {i % 1000:000} {i % 10000:0000},\"+1 800 555 0100;+1 800 555 {i % 10000:0000}\",https://meet.contoso.com/user{i}/K{i}");
                    }
                }

                var summary = await _fixture.Import(path);

                Assert.Equal((count, count - 10, 0, 10, 0), (summary.Rows, summary.Created, summary.Updated, summary.Failed, summary.Queued));
                Assert.Equal(count / DialInUserImport.DefaultBatchSize, _fixture.Progress.Count);
                Assert.Equal(count, _fixture.Progress.Last().RowsRead);
                Assert.Equal(Enumerable.Range(1, 10).Select(k => (long)k * 10_000), _fixture.Errors.Select(e => e.Row));
                Assert.All(_fixture.Errors, e => Assert.Equal("InvalidConferenceId", e.ErrorId));
                Assert.Equal(count - 10, (await _fixture.Users()).Count);
                var last = await _fixture.User("user99999@contoso.com");
                Assert.Equal("10099999", last!.ConferenceId);
                Assert.Equal("+14259999999", last.ServiceNumber);
                Assert.Equal(new[] { "+18005550100", "+18005559999" }, last.TollFreeServiceNumbers);
                Assert.Null(await _fixture.User("user100000@contoso.com"));
                Assert.Empty(await _fixture.Requests());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
