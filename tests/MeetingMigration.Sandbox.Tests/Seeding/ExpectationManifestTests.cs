using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>Each expected outcome must be justified by the event's own properties, and by nothing else.</summary>
[Collection(SeededTenantCollection.Name)]
public sealed class ExpectationManifestTests
{
    private readonly SeededTenantFixture _f;
    private readonly DateTime _now = SeededTenantFixture.MediumOptions.Now.UtcDateTime;

    public ExpectationManifestTests(SeededTenantFixture fixture) => _f = fixture;

    private static DateTime Parse(SeedDateTime t)
    {
        Assert.Equal("UTC", t.TimeZone);
        return DateTime.ParseExact(t.DateTime, "yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Start of the last occurrence (or of the single meeting), by the independent oracle.</summary>
    private static (DateTime First, DateTime Last) Span(SeedEvent ev)
    {
        var start = Parse(ev.Start);
        if (ev.Recurrence is null) return (start, start);
        var dates = RecurrenceOracle.Dates(ev.Recurrence).ToList();
        Assert.NotEmpty(dates);
        Assert.Equal(DateOnly.FromDateTime(start), dates[0]); // the event starts on the first occurrence
        return (start, dates[^1].ToDateTime(TimeOnly.FromDateTime(start)));
    }

    private bool IsFuture(SeedEvent ev) => Span(ev).Last > _now;

    private static int BlockCount(SeededMeeting m) =>
        m.Expectation.JoinUrl is null ? 0 : Regex.Matches(m.Event.Body.Content, Regex.Escape(m.Expectation.Layout == BlockLayout.Skype
            ? SkypeInvitationBlock.Fence : TeamsInvitationBlock.Fence)).Count / 2;

    [Fact]
    public void Migrate_means_an_ordinary_future_online_meeting_organized_by_a_cloud_user()
    {
        var migrate = _f.MediumMeetings.Where(m => m.Expectation.Outcome == ExpectedOutcome.Migrate).ToList();
        Assert.NotEmpty(migrate);
        Assert.All(migrate, m =>
        {
            var ev = m.Event;
            Assert.True(ev.IsOrganizer);
            Assert.Equal(m.Mailbox, ev.Organizer.EmailAddress.Address);
            Assert.False(ev.IsCancelled);
            Assert.True(ev.IsOnlineMeeting);
            Assert.Equal(m.Expectation.Kind == MeetingKind.Teams ? "teamsForBusiness" : "skypeForBusiness", ev.OnlineMeetingProvider);
            Assert.Equal(m.Expectation.JoinUrl, ev.OnlineMeeting!.JoinUrl);
            Assert.True(IsFuture(ev));
            Assert.True(m.Expectation.PeopleIncludingOrganizer <= TenantGeneratorOptions.MaxPeopleIncludingOrganizer);
            Assert.Equal(1, BlockCount(m));
            Assert.False(_f.Medium.FindUser(m.Mailbox)!.IsOnPremises);
        });
    }

    [Fact]
    public void Each_skip_is_explained_by_exactly_its_own_property()
    {
        foreach (var m in _f.MediumCloudMeetings)
        {
            var ev = m.Event;
            var o = m.Expectation.Outcome;
            Assert.Equal(o == ExpectedOutcome.SkipPast, !IsFuture(ev));
            Assert.Equal(o == ExpectedOutcome.SkipNotOrganizer, !ev.IsOrganizer);
            Assert.Equal(o == ExpectedOutcome.SkipCancelled, ev.IsCancelled);
            Assert.Equal(o == ExpectedOutcome.SkipTooManyAttendees, m.Expectation.PeopleIncludingOrganizer > TenantGeneratorOptions.MaxPeopleIncludingOrganizer);
            Assert.Equal(o == ExpectedOutcome.FailAmbiguous, BlockCount(m) == 2);
            Assert.Equal(o == ExpectedOutcome.SkipPasted, !ev.IsOnlineMeeting && m.Expectation.JoinUrl is not null);
            Assert.Equal(o == ExpectedOutcome.SkipNotOnlineMeeting, !ev.IsOnlineMeeting && m.Expectation.JoinUrl is null);
        }
    }

    [Fact]
    public void Pasted_blocks_have_no_online_meeting_behind_them()
    {
        var pasted = _f.MediumMeetings.Where(m => m.Expectation.Kind == MeetingKind.PastedBlock).ToList();
        Assert.NotEmpty(pasted);
        Assert.All(pasted, m =>
        {
            Assert.False(m.Event.IsOnlineMeeting);
            Assert.Equal("unknown", m.Event.OnlineMeetingProvider);
            Assert.Null(m.Event.OnlineMeeting);
            Assert.Null(m.Event.OnlineMeetingUrl);
            Assert.Contains(m.Expectation.JoinUrl!, m.Event.Body.Content);
        });
    }

    [Fact]
    public void Only_skype_meetings_carry_online_meeting_url()
    {
        Assert.All(_f.MediumMeetings, m =>
            Assert.Equal(m.Expectation.Kind == MeetingKind.SkypeForBusiness ? m.Expectation.JoinUrl : null, m.Event.OnlineMeetingUrl));
    }

    [Fact]
    public void Series_timing_matches_the_manifest()
    {
        foreach (var m in _f.MediumMeetings.Where(m => m.Event.Recurrence is not null))
        {
            var (first, last) = Span(m.Event);
            if (m.Expectation.SeriesSpansNow)
            {
                Assert.True(first < _now && last > _now, m.Expectation.ICalUId);
                Assert.Equal("endDate", m.Expectation.RecurrenceRange);
            }
            Assert.Equal(m.Expectation.RecurrenceRange, m.Event.Recurrence!.Range.Type);
        }
    }

    [Fact]
    public void Singles_are_never_near_now()
    {
        Assert.All(_f.MediumMeetings.Where(m => m.Event.Recurrence is null), m =>
        {
            var start = Parse(m.Event.Start);
            var end = Parse(m.Event.End);
            Assert.True(end > start);
            Assert.True(end < _now.AddHours(-12) || start > _now.AddHours(12));
        });
    }

    [Fact]
    public void Identifiers_and_attendees_are_consistent()
    {
        var meetings = _f.MediumMeetings;
        Assert.Equal(meetings.Count, meetings.Select(m => m.Event.ICalUId).Distinct().Count());
        Assert.All(meetings, m =>
        {
            Assert.Matches("^040000008200E00074C5B7101A82E00800000000[0-9A-F]{72}$", m.Event.ICalUId);
            Assert.Equal(m.Event.ICalUId, m.Expectation.ICalUId);
            Assert.Equal(m.Mailbox, m.Expectation.Mailbox);
            Assert.Equal(m.Event.Attendees.Count, m.Expectation.AttendeeCount);
            var addresses = m.Event.Attendees.Select(a => a.EmailAddress.Address.ToLowerInvariant()).ToList();
            Assert.Equal(addresses.Count, addresses.Distinct().Count());
            Assert.DoesNotContain(m.Event.Organizer.EmailAddress.Address.ToLowerInvariant(), addresses);
            foreach (var upn in m.Expectation.InternalAttendees)
            {
                Assert.NotNull(_f.Medium.FindUser(upn));
                Assert.NotEqual(m.Mailbox, upn);
                Assert.Contains(upn.ToLowerInvariant(), addresses);
            }
            Assert.True(m.Event.Attendees.Count <= 500); // Graph's limit
        });
    }
}
