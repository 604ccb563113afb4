using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>
/// The generator is seeded, so these numbers never move between runs; the tolerance only has to cover
/// sampling error for the fixed seed (about 5 standard errors at n = 4,500), not run-to-run noise.
/// </summary>
[Collection(SeededTenantCollection.Name)]
public sealed class TenantGeneratorProportionTests
{
    private readonly SeededTenantFixture _f;

    public TenantGeneratorProportionTests(SeededTenantFixture fixture) => _f = fixture;

    private static void AssertShare(double expected, int count, int total, string what)
    {
        double actual = (double)count / total;
        double tolerance = 5 * Math.Sqrt(expected * (1 - expected) / total) + 0.002;
        Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"{what}: {actual:P2} of {total}, expected {expected:P2} ± {tolerance:P2}");
    }

    [Fact]
    public void On_premises_users_are_exactly_the_configured_share()
    {
        var o = SeededTenantFixture.MediumOptions;
        int expected = (int)Math.Floor(o.Users * o.OnPremisesUserFraction);
        Assert.Equal(expected, _f.Medium.Users.Count(u => u.IsOnPremises));
        Assert.All(_f.MediumMeetings.Where(m => _f.Medium.FindUser(m.Mailbox)!.IsOnPremises),
            m => Assert.Equal(ExpectedOutcome.SkipOnPremisesMailbox, m.Expectation.Outcome));
    }

    [Fact]
    public void Outcomes_follow_the_configured_fractions()
    {
        var o = SeededTenantFixture.MediumOptions;
        var cloud = _f.MediumCloudMeetings.ToList();
        var counts = cloud.GroupBy(m => m.Expectation.Outcome).ToDictionary(g => g.Key, g => g.Count());
        int Count(ExpectedOutcome x) => counts.GetValueOrDefault(x);
        AssertShare(o.PastFraction, Count(ExpectedOutcome.SkipPast), cloud.Count, "past");
        AssertShare(o.NotOrganizerFraction, Count(ExpectedOutcome.SkipNotOrganizer), cloud.Count, "not organizer");
        AssertShare(o.PastedFraction, Count(ExpectedOutcome.SkipPasted), cloud.Count, "pasted");
        AssertShare(o.CancelledFraction, Count(ExpectedOutcome.SkipCancelled), cloud.Count, "cancelled");
        AssertShare(o.TooManyAttendeesFraction, Count(ExpectedOutcome.SkipTooManyAttendees), cloud.Count, "too many attendees");
        AssertShare(o.AmbiguousFraction, Count(ExpectedOutcome.FailAmbiguous), cloud.Count, "ambiguous");
        AssertShare(o.OfflineFraction, Count(ExpectedOutcome.SkipNotOnlineMeeting), cloud.Count, "offline");
        double migrate = 1 - (o.PastFraction + o.NotOrganizerFraction + o.PastedFraction + o.CancelledFraction
                              + o.TooManyAttendeesFraction + o.AmbiguousFraction + o.OfflineFraction);
        AssertShare(migrate, Count(ExpectedOutcome.Migrate), cloud.Count, "migrate");
    }

    [Fact]
    public void Independent_properties_follow_their_fractions()
    {
        var o = SeededTenantFixture.MediumOptions;
        var all = _f.MediumMeetings;
        AssertShare(o.RecurringFraction, all.Count(m => m.Expectation.Recurrence != RecurrenceKind.None), all.Count, "recurring");
        AssertShare(o.PlainTextBodyFraction, all.Count(m => m.Expectation.BodyFormat == BodyFormat.Text), all.Count, "plain text");
        var withBlock = all.Where(m => m.Expectation.Layout != BlockLayout.None).ToList();
        AssertShare(o.TeamsFraction, withBlock.Count(m => m.Expectation.Layout != BlockLayout.Skype), withBlock.Count, "teams");
    }

    [Fact]
    public void Fractions_can_be_turned_off_and_up()
    {
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
        {
            Users = 5, MeetingsPerUser = 100, OnPremisesUserFraction = 0,
            PastFraction = 0, NotOrganizerFraction = 0, PastedFraction = 0, CancelledFraction = 0,
            TooManyAttendeesFraction = 0, AmbiguousFraction = 0, OfflineFraction = 1.0,
        });
        Assert.All(tenant.Expectations(), e => Assert.Equal(ExpectedOutcome.SkipNotOnlineMeeting, e.Outcome));

        var allMigrate = TenantGenerator.Generate(new TenantGeneratorOptions
        {
            Users = 5, MeetingsPerUser = 100, OnPremisesUserFraction = 0, TeamsFraction = 0,
            PastFraction = 0, NotOrganizerFraction = 0, PastedFraction = 0, CancelledFraction = 0,
            TooManyAttendeesFraction = 0, AmbiguousFraction = 0, OfflineFraction = 0,
        });
        Assert.All(allMigrate.Expectations(), e =>
        {
            Assert.Equal(ExpectedOutcome.Migrate, e.Outcome);
            Assert.Equal(MeetingKind.SkypeForBusiness, e.Kind);
        });
    }
}
