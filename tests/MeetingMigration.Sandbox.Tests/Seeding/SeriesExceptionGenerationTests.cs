using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MeetingMigration.Sandbox.Seeding;
using Xunit;
using GraphEventType = Microsoft.Graph.Models.EventType;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>Series exceptions the generator emits, their expectations, and how the sandbox imports them.</summary>
[Collection(SeededTenantCollection.Name)]
public sealed class SeriesExceptionGenerationTests
{
    private readonly SeededTenantFixture _f;
    private readonly DateTime _now = SeededTenantFixture.MediumOptions.Now.UtcDateTime;

    public SeriesExceptionGenerationTests(SeededTenantFixture fixture) => _f = fixture;

    private IEnumerable<SeededMeeting> WithExceptions => _f.MediumMeetings.Where(m => m.Event.Exceptions is { Count: > 0 });

    private static DateTime Utc(SeedDateTime t) =>
        DateTime.ParseExact(t.DateTime, "yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static int BlockCount(string body, BlockLayout layout) =>
        Regex.Matches(body, Regex.Escape(layout == BlockLayout.Skype ? SkypeInvitationBlock.Fence : TeamsInvitationBlock.Fence)).Count / 2;

    [Fact]
    public void Some_series_have_exceptions_ahead_of_now_and_some_past_ones()
    {
        var all = WithExceptions.SelectMany(m => m.Expectation.Exceptions).ToList();
        Assert.True(WithExceptions.Count() >= 50, $"only {WithExceptions.Count()} series with exceptions");
        Assert.Contains(all, x => x.Outcome == ExpectedOutcome.Migrate);
        Assert.Contains(all, x => x.Outcome == ExpectedOutcome.SkipPast);
        Assert.Contains(all, x => x.Outcome == ExpectedOutcome.SkipOnPremisesMailbox);
        Assert.Contains(WithExceptions, m => m.Expectation.BodyFormat == BodyFormat.Text);
        Assert.Contains(WithExceptions, m => m.Expectation.Kind == MeetingKind.SkypeForBusiness);
        Assert.Contains(WithExceptions, m => m.Expectation.Kind == MeetingKind.Teams);
        // Single meetings and skipped-for-another-reason series never carry exceptions, so each outcome stays unambiguous.
        Assert.All(WithExceptions, m =>
        {
            Assert.NotNull(m.Event.Recurrence);
            Assert.Contains(m.Expectation.Outcome, new[] { ExpectedOutcome.Migrate, ExpectedOutcome.SkipPast, ExpectedOutcome.SkipOnPremisesMailbox });
        });
        Assert.All(_f.MediumMeetings.Where(m => m.Event.Exceptions is null), m => Assert.Empty(m.Expectation.Exceptions));
    }

    [Fact]
    public void Each_exception_moves_a_real_occurrence_and_its_outcome_follows_from_its_own_time()
    {
        foreach (var m in WithExceptions)
        {
            var seriesStart = Utc(m.Event.Start);
            var duration = Utc(m.Event.End) - seriesStart;
            var occurrences = RecurrenceOracle.Dates(m.Event.Recurrence!).Select(d => d.ToDateTime(TimeOnly.FromDateTime(seriesStart))).ToHashSet();
            Assert.Equal(m.Event.Exceptions!.Count, m.Expectation.Exceptions.Count);
            Assert.Equal(m.Event.Exceptions.Count, m.Event.Exceptions.Select(x => x.OriginalStart).Distinct().Count());
            foreach (var (seed, expected) in m.Event.Exceptions.Zip(m.Expectation.Exceptions))
            {
                var original = DateTime.Parse(seed.OriginalStart, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                Assert.Contains(original, occurrences);
                Assert.Equal(expected.OriginalStart.UtcDateTime, original);
                Assert.Equal(expected.Start.UtcDateTime, Utc(seed.Start));
                Assert.Equal(expected.End.UtcDateTime, Utc(seed.End));
                Assert.Equal(duration, Utc(seed.End) - Utc(seed.Start));
                Assert.Equal(original.Date, Utc(seed.Start).Date); // moved within its day
                var ownOutcome = original > _now ? ExpectedOutcome.Migrate : ExpectedOutcome.SkipPast;
                if (ownOutcome == ExpectedOutcome.SkipPast) Assert.True(Utc(seed.End) < _now); // wholly past, even moved
                Assert.Equal(m.Expectation.Outcome == ExpectedOutcome.SkipOnPremisesMailbox ? ExpectedOutcome.SkipOnPremisesMailbox : ownOutcome, expected.Outcome);
                if (expected.Outcome == ExpectedOutcome.Migrate) Assert.Equal(ExpectedOutcome.Migrate, m.Expectation.Outcome);
                Assert.Equal(m.Expectation.ICalUId[..32], expected.ICalUId[..32]);
                Assert.Equal(m.Expectation.ICalUId[40..], expected.ICalUId[40..]);
                Assert.Equal($"{original.Year:X4}{original.Month:X2}{original.Day:X2}", expected.ICalUId[32..40]);
            }
        }
    }

    [Fact]
    public void Each_exception_has_its_own_body_with_the_series_block_once()
    {
        foreach (var m in WithExceptions)
        {
            foreach (var (seed, expected) in m.Event.Exceptions!.Zip(m.Expectation.Exceptions))
            {
                var body = seed.Body.Content;
                Assert.Equal(m.Event.Body.ContentType, seed.Body.ContentType);
                Assert.NotEqual(m.Event.Body.Content, body);
                Assert.Equal(1, BlockCount(body, m.Expectation.Layout));
                Assert.NotEmpty(expected.TextOutsideBlock);
                foreach (var text in expected.TextOutsideBlock)
                {
                    var written = m.Expectation.BodyFormat == BodyFormat.Html
                        ? text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;")
                        : text;
                    Assert.Contains(written, body);
                }
            }
        }
    }

    [Fact]
    public void Exceptions_come_from_a_random_stream_of_their_own_so_everything_else_is_unchanged()
    {
        var without = TenantGenerator.Generate(SeededTenantFixture.SmallOptions with { SeriesExceptionFraction = 0 });
        var with = TenantGenerator.Generate(SeededTenantFixture.SmallOptions with { SeriesExceptionFraction = 1 });
        var pairs = without.Meetings().Zip(with.Meetings()).ToList();

        Assert.Contains(pairs, p => p.Second.Event.Exceptions is { Count: > 0 });
        Assert.All(pairs, p =>
        {
            Assert.Null(p.First.Event.Exceptions);
            var a = JsonSerializer.SerializeToNode(p.First.Event)!.AsObject();
            var b = JsonSerializer.SerializeToNode(p.Second.Event)!.AsObject();
            b.Remove("exceptions");
            a.Remove("exceptions");
            Assert.True(JsonNode.DeepEquals(a, b));
        });
    }

    [Fact]
    public async Task Seeded_exceptions_are_exceptions_of_the_series_in_the_sandbox_with_their_own_body()
    {
        var tenant = TenantGenerator.Generate(SeededTenantFixture.SmallOptions with { SeriesExceptionFraction = 1, OnPremisesUserFraction = 0 });
        await using var sb = await TestSandbox.StartAsync(seedUsers: false);
        var ids = new Dictionary<string, string>();
        await new InProcessSandboxSeeder(sb.State) { OnImported = (m, id) => ids[m.Expectation.ICalUId] = id }.SeedAsync(tenant);
        var graph = sb.Graph();
        int checkedCount = 0;

        foreach (var m in tenant.Meetings().Where(m => m.Event.Exceptions is { Count: > 0 }))
        {
            foreach (var (seed, expected) in m.Event.Exceptions!.Zip(m.Expectation.Exceptions))
            {
                var id = ids[m.Expectation.ICalUId] + "_OID_" + expected.OriginalStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
                // Asked for in its own type: Graph, and the sandbox, hand out a text body as HTML unless asked for text.
                var ev = await graph.Users[m.Mailbox].Events[id].GetAsync(rc => rc.Headers.Add("Prefer", $"outlook.body-content-type=\"{seed.Body.ContentType}\""));
                Assert.Equal(GraphEventType.Exception, ev!.Type);
                Assert.Equal(seed.Body.Content, ev.Body!.Content);
                Assert.Equal(expected.ICalUId, ev.ICalUId);
                Assert.Equal(expected.Start.UtcDateTime, DateTime.Parse(ev.Start!.DateTime!, CultureInfo.InvariantCulture));
                Assert.Equal(m.Event.Subject, ev.Subject);
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 0);
        Assert.Empty(sb.State.GetNotifications());
    }
}
