using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    public class ResilientMailboxGatewayTests
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private static readonly Backoff NoWait = new Backoff(TimeSpan.Zero, TimeSpan.Zero, 4);
        private static readonly DateTime Start = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly RecordedWaits _waits = new RecordedWaits();

        private ResilientMailboxGateway Gateway(ProbeGateway inner, int globalConcurrency = 64, Backoff? backoff = null) =>
            new ResilientMailboxGateway(inner, globalConcurrency, backoff ?? NoWait, delay: _waits.Delay);

        private static Task Call(ResilientMailboxGateway gateway, string mailbox, int i) => (i % 4) switch
        {
            0 => gateway.GetEventAsync(mailbox, "e" + i, None),
            1 => gateway.ReadCalendarPageAsync(mailbox, Start, Start.AddDays(1), null, None),
            2 => gateway.PatchEventAsync(mailbox, new EventPatch { EventId = "e" + i }, None),
            _ => gateway.GetTeamsCoordinatesAsync(mailbox, "id-" + mailbox, "https://teams.microsoft.com/l/meetup-join/x", None),
        };

        [Fact]
        public async Task At_most_four_calls_run_per_mailbox_while_other_mailboxes_run_alongside()
        {
            var inner = new ProbeGateway { Hold = true };
            var gateway = Gateway(inner, globalConcurrency: 64);

            // Mailbox keys are case-insensitive: these are two mailboxes, not four.
            var calls = Enumerable.Range(0, 10).Select(i => Call(gateway, i % 2 == 0 ? "ada@contoso.com" : "ADA@Contoso.com", i))
                .Concat(Enumerable.Range(0, 10).Select(i => Call(gateway, "bob@contoso.com", i)))
                .ToList();

            Assert.Equal(4, inner.InFlight("ada@contoso.com"));
            Assert.Equal(4, inner.InFlight("bob@contoso.com"));
            Assert.Equal(8, inner.Entered);

            await inner.ReleaseUntilCompleted(20);
            await Task.WhenAll(calls);

            Assert.Equal(4, inner.MaxInFlight("ada@contoso.com"));
            Assert.Equal(4, inner.MaxInFlight("bob@contoso.com"));
            Assert.Equal(2, inner.MaxMailboxesInFlightAtOnce);
            Assert.Equal(20, inner.Completed);
        }

        [Fact]
        public async Task Directory_lookups_of_many_users_run_as_many_at_once_as_mailboxes_not_four()
        {
            var inner = new ProbeGateway { Hold = true };
            var gateway = Gateway(inner, globalConcurrency: 100);

            var lookups = Enumerable.Range(0, 80).Select(i => gateway.FindAsync(MeetingMigration.Engine.Model.UserIdentity.Parse($"user{i}@contoso.com"), None)).ToList();

            Assert.Equal(64, inner.InFlight("*directory*"));
            await inner.ReleaseUntilCompleted(80);
            await Task.WhenAll(lookups);
            Assert.Equal(64, inner.MaxInFlight("*directory*"));
        }

        [Fact]
        public async Task The_global_cap_bounds_all_mailboxes_together()
        {
            var inner = new ProbeGateway { Hold = true };
            var gateway = Gateway(inner, globalConcurrency: 6);
            var mailboxes = new[] { "a@contoso.com", "b@contoso.com", "c@contoso.com" };

            var calls = mailboxes.SelectMany(m => Enumerable.Range(0, 4).Select(i => Call(gateway, m, i))).ToList();

            Assert.Equal(6, inner.TotalInFlight);
            await inner.ReleaseUntilCompleted(12);
            await Task.WhenAll(calls);

            Assert.Equal(6, inner.MaxTotalInFlight);
            Assert.True(inner.MaxMailboxesInFlightAtOnce >= 2);
            Assert.All(mailboxes, m => Assert.True(inner.MaxInFlight(m) <= 4));
        }

        [Fact]
        public async Task A_failed_call_gives_its_slot_back()
        {
            var inner = new ProbeGateway { Fail = (op, n) => new GraphCallException(404, "ErrorItemNotFound", "gone") };
            var gateway = Gateway(inner);
            for (var i = 0; i < 10; i++)
                await Assert.ThrowsAsync<GraphCallException>(() => gateway.PatchEventAsync("ada@contoso.com", new EventPatch(), None));

            inner.Fail = null;
            inner.Hold = true;
            var calls = Enumerable.Range(0, 6).Select(i => gateway.GetEventAsync("ada@contoso.com", "e", None)).ToList();

            Assert.Equal(4, inner.InFlight("ada@contoso.com"));
            await inner.ReleaseUntilCompleted(16);
            await Task.WhenAll(calls);
        }

        public static IEnumerable<object[]> TransientStatuses() => new[] { 429, 503, 504, 0, 500, 502 }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(TransientStatuses))]
        public async Task Reads_are_retried_on_transient_failures(int status)
        {
            var inner = new ProbeGateway { Fail = (op, n) => n <= 2 ? new GraphCallException(status, "Busy", "try later", TimeSpan.FromSeconds(30)) : null };
            var gateway = Gateway(inner);

            var item = await gateway.GetEventAsync("ada@contoso.com", "e1", None);
            var page = await gateway.ReadCalendarPageAsync("ada@contoso.com", Start, Start.AddDays(1), null, None);
            var user = await gateway.FindAsync(UserIdentity.Parse("ada@contoso.com"), None);
            var coordinates = await gateway.GetTeamsCoordinatesAsync("ada@contoso.com", "id-ada", "https://teams.microsoft.com/l/meetup-join/x", None);

            Assert.Equal("e1", item!.Id);
            Assert.NotNull(page);
            Assert.NotNull(user);
            Assert.NotNull(coordinates);
            Assert.Equal(3, inner.Calls("get"));
            Assert.Equal(3, inner.Calls("read"));
            Assert.Equal(3, inner.Calls("find"));
            Assert.Equal(3, inner.Calls("coordinates"));
            Assert.All(_waits.All, wait => Assert.Equal(TimeSpan.FromSeconds(30), wait));
        }

        [Theory]
        [InlineData(400)]
        [InlineData(403)]
        [InlineData(404)]
        [InlineData(412)]
        public async Task Reads_are_not_retried_on_permanent_failures(int status)
        {
            var inner = new ProbeGateway { Fail = (op, n) => new GraphCallException(status, "No", "no") };
            var gateway = Gateway(inner);

            var error = await Assert.ThrowsAsync<GraphCallException>(() => gateway.GetEventAsync("ada@contoso.com", "e1", None));

            Assert.Equal(status, error.Status);
            Assert.Equal(1, inner.Calls("get"));
        }

        [Fact]
        public async Task A_throttled_patch_is_retried()
        {
            var inner = new ProbeGateway { Fail = (op, n) => n == 1 ? new GraphCallException(429, "ApplicationThrottled", "slow down", TimeSpan.FromSeconds(30)) : null };
            var gateway = Gateway(inner);

            await gateway.PatchEventAsync("ada@contoso.com", new EventPatch { EventId = "e1" }, None);

            Assert.Equal(2, inner.Calls("patch"));
        }

        [Theory]
        [InlineData(504)]
        [InlineData(503)]
        [InlineData(502)]
        [InlineData(500)]
        [InlineData(0)]
        [InlineData(412)]
        public async Task A_patch_whose_answer_may_hide_an_applied_change_is_never_resent(int status)
        {
            var inner = new ProbeGateway { Fail = (op, n) => n == 1 ? new GraphCallException(status, "Lost", "lost answer") : null };
            var gateway = Gateway(inner);

            var error = await Assert.ThrowsAsync<GraphCallException>(() => gateway.PatchEventAsync("ada@contoso.com", new EventPatch { EventId = "e1" }, None));

            Assert.Equal(status, error.Status);
            Assert.Equal(1, inner.Calls("patch"));
        }

        [Theory]
        [InlineData(504)]
        [InlineData(500)]
        [InlineData(0)]
        public async Task Creating_a_teams_meeting_is_createOrGet_by_its_externalId_so_a_lost_answer_is_asked_again(int status)
        {
            var inner = new ProbeGateway { Fail = (op, n) => n == 1 ? new GraphCallException(status, "Lost", "lost answer") : null };
            var gateway = Gateway(inner);

            var created = await gateway.CreateTeamsMeetingAsync("ada@contoso.com", "id-ada", "MeetingMigration-event-1", "s", null, null, None);

            // The second call is Graph's createOrGet with the same externalId: it returns the meeting the first one made.
            Assert.Equal(2, inner.Calls("create"));
            Assert.NotNull(created.JoinUrl);
        }

        [Fact]
        public async Task Reads_give_up_after_max_attempts_with_the_last_error()
        {
            var inner = new ProbeGateway { Fail = (op, n) => new GraphCallException(503, "ServiceUnavailable", $"busy {n}") };
            var gateway = Gateway(inner);

            var error = await Assert.ThrowsAsync<GraphCallException>(() => gateway.GetEventAsync("ada@contoso.com", "e1", None));

            Assert.Equal(NoWait.MaxAttempts, inner.Calls("get"));
            Assert.Equal("busy 4", error.Message);
        }

        [Fact]
        public async Task A_patch_throttled_every_time_gives_up_after_max_attempts()
        {
            var inner = new ProbeGateway { Fail = (op, n) => new GraphCallException(429, "ApplicationThrottled", "slow down") };
            var gateway = Gateway(inner, backoff: new Backoff(TimeSpan.Zero, TimeSpan.Zero, 3));

            var error = await Assert.ThrowsAsync<GraphCallException>(() => gateway.PatchEventAsync("ada@contoso.com", new EventPatch(), None));

            Assert.Equal(429, error.Status);
            Assert.Equal(3, inner.Calls("patch"));
        }
    }
}
