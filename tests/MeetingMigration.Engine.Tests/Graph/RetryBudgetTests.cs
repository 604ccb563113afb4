using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// The gateway is the one owner of retries, with one budget per call (sends and time waited): a server's Retry-After is
    /// waited in full, never shortened, and one the budget cannot afford fails the call instead of sending early.
    /// </summary>
    public class RetryBudgetTests
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly RecordedWaits _waits = new RecordedWaits();

        private ResilientMailboxGateway Gateway(ProbeGateway inner, Backoff? backoff = null) =>
            new ResilientMailboxGateway(inner, backoff: backoff ?? Backoff.Default, delay: _waits.Delay);

        private static GraphCallException Throttled(int seconds) =>
            new GraphCallException(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", TimeSpan.FromSeconds(seconds));

        [Fact]
        public async Task A_retry_after_of_two_minutes_is_waited_for_two_minutes()
        {
            var inner = new ProbeGateway { Fail = (op, n) => n == 1 ? Throttled(120) : null };

            await Gateway(inner).PatchEventAsync("ada@contoso.com", new EventPatch { EventId = "e1" }, None);

            Assert.Equal(new[] { TimeSpan.FromSeconds(120) }, _waits.All);
            Assert.Equal(2, inner.Calls("patch"));
        }

        /// <summary>
        /// Found by an outside probe of faults: a mailbox throttled with Retry-After 30 kept its request InProgress for five
        /// minutes with nothing said. A long wait is said at Information, once a minute per mailbox; short ones at Debug.
        /// </summary>
        [Fact]
        public async Task A_long_wait_is_said_at_information_once_a_minute_per_mailbox_and_short_ones_only_at_debug()
        {
            var logger = new ListLogger();
            var inner = new ProbeGateway { Fail = (op, n) => n % 2 == 1 ? Throttled(n <= 4 ? 30 : 2) : null };
            var gateway = new ResilientMailboxGateway(inner, backoff: Backoff.Default, logger: logger, delay: _waits.Delay);

            await gateway.GetEventAsync("ada@contoso.com", "e1", None);   // waits 30 s: said
            await gateway.GetEventAsync("ada@contoso.com", "e2", None);   // waits 30 s again within the minute: Debug
            await gateway.GetEventAsync("grace@contoso.com", "e3", None); // waits 2 s: Debug

            var said = logger.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information).Select(e => e.Text).ToList();
            Assert.Equal(new[] { "Microsoft Graph answered 429 ApplicationThrottled for ada@contoso.com; waiting 30 s before trying again (retry 1). A migration of the mailbox running now stays InProgress meanwhile." }, said);
            Assert.Equal(2, logger.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Debug));
        }

        /// <summary>Outside probe AJ: a directory call's long wait was said "for *directory*", with a sentence about a mailbox's migration.</summary>
        [Fact]
        public async Task A_directory_calls_long_wait_is_said_as_the_directorys()
        {
            var logger = new ListLogger();
            var inner = new ProbeGateway { Fail = (op, n) => n == 1 ? Throttled(30) : null };
            var gateway = new ResilientMailboxGateway(inner, backoff: Backoff.Default, logger: logger, delay: _waits.Delay);

            await gateway.FindAsync(MeetingMigration.Engine.Model.UserIdentity.Parse("ada@contoso.com"), None);

            var said = logger.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information).Select(e => e.Text).ToList();
            Assert.Equal(new[] { "Microsoft Graph answered 429 ApplicationThrottled to a directory call; waiting 30 s before trying again (retry 1)." }, said);
        }

        [Fact]
        public async Task A_retry_after_longer_than_the_budget_fails_the_call_as_throttled_naming_the_wait_and_nothing_is_sent_early()
        {
            var inner = new ProbeGateway { Fail = (op, n) => n == 1 ? Throttled(600) : null };

            var error = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(inner).PatchEventAsync("ada@contoso.com", new EventPatch { EventId = "e1" }, None));

            Assert.True(error.IsThrottled);
            Assert.Contains("600 s", error.Message);
            // What follows is the caller's to say: a request's retry or none, a look-up that queues the user unchecked. It said
            // "The request's next retry tries again" for Start's look-up, which had no request (outside probe L).
            Assert.DoesNotContain("retry tries again", error.Message);
            Assert.Equal(TimeSpan.FromSeconds(600), error.RetryAfter);
            Assert.Equal(1, inner.Calls("patch"));
            Assert.Empty(_waits.All);
        }

        [Fact]
        public async Task The_waits_of_one_call_add_up_to_no_more_than_its_budget()
        {
            var inner = new ProbeGateway { Fail = (op, n) => Throttled(120) };

            var error = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(inner).GetEventAsync("ada@contoso.com", "e1", None));

            // Two waits of 120 s fit in five minutes; a third would not, so the call stops after its third send.
            Assert.Equal(new[] { TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(120) }, _waits.All);
            Assert.Equal(3, inner.Calls("get"));
            Assert.True(error.IsThrottled);
            Assert.True(_waits.Total <= Backoff.Default.MaxTotalWait);
        }

        [Fact]
        public async Task Patches_sharing_a_tally_share_one_budget_so_a_second_call_is_sent_once_and_not_retried()
        {
            var inner = new ProbeGateway { Fail = (op, n) => new GraphCallException(429, "ApplicationThrottled", "slow down") };
            var gateway = Gateway(inner);
            var tally = new RetryTally();

            await Assert.ThrowsAsync<GraphCallException>(() => gateway.PatchEventAsync("ada@contoso.com", new EventPatch { EventId = "e1", Tally = tally }, None));
            Assert.Equal(Backoff.Default.MaxAttempts, inner.Calls("patch"));

            await Assert.ThrowsAsync<GraphCallException>(() => gateway.PatchEventAsync("ada@contoso.com", new EventPatch { EventId = "e1", Tally = tally }, None));
            Assert.Equal(Backoff.Default.MaxAttempts + 1, inner.Calls("patch"));
            Assert.Equal(Backoff.Default.MaxAttempts + 1, tally.Sends);
        }

        [Fact]
        public async Task Without_a_retry_after_the_computed_waits_stay_within_the_budget()
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(200), 10, TimeSpan.FromSeconds(100));
            var inner = new ProbeGateway { Fail = (op, n) => new GraphCallException(503, "ServiceUnavailable", "busy") };

            await Assert.ThrowsAsync<GraphCallException>(() => Gateway(inner, backoff).GetEventAsync("ada@contoso.com", "e1", None));

            Assert.True(_waits.Total <= TimeSpan.FromSeconds(100), $"waited {_waits.Total}");
            Assert.True(inner.Calls("get") < 10);
        }
    }
}
