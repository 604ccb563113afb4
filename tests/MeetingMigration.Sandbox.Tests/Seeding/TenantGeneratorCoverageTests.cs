using System;
using System.Linq;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

[Collection(SeededTenantCollection.Name)]
public sealed class TenantGeneratorCoverageTests
{
    private readonly SeededTenantFixture _f;

    public TenantGeneratorCoverageTests(SeededTenantFixture fixture) => _f = fixture;

    [Fact]
    public void Every_layout_appears_in_every_language_and_both_body_formats()
    {
        var seen = _f.MediumMeetings
            .Select(m => (m.Expectation.Layout, m.Expectation.Language, m.Expectation.BodyFormat))
            .ToHashSet();
        foreach (var layout in Enum.GetValues<BlockLayout>().Where(l => l != BlockLayout.None))
        foreach (var language in InvitationLanguage.AllCodes)
        foreach (var format in Enum.GetValues<BodyFormat>())
            Assert.Contains((layout, language, format), seen);
    }

    [Fact]
    public void The_required_languages_are_available_and_distinct()
    {
        foreach (var code in new[] { "en-US", "de-DE", "fr-FR", "es-ES", "ja-JP" }) Assert.Contains(code, InvitationLanguage.AllCodes);
        // Translated labels really differ, so a recognizer cannot pass the fixtures by matching English text.
        Assert.Equal(InvitationLanguage.All.Count, InvitationLanguage.All.Select(l => l.Labels.SkypeJoin).Distinct().Count());
        Assert.Equal(InvitationLanguage.All.Count, InvitationLanguage.All.Select(l => l.Labels.ClickToJoin).Distinct().Count());
    }

    [Fact]
    public void Every_outcome_and_kind_appears()
    {
        var outcomes = _f.MediumMeetings.Select(m => m.Expectation.Outcome).ToHashSet();
        foreach (var o in Enum.GetValues<ExpectedOutcome>()) Assert.Contains(o, outcomes);
        var kinds = _f.MediumMeetings.Select(m => m.Expectation.Kind).ToHashSet();
        foreach (var k in Enum.GetValues<MeetingKind>()) Assert.Contains(k, kinds);
    }

    [Fact]
    public void Every_recurrence_pattern_appears_with_both_range_types_and_all_timings()
    {
        var series = _f.MediumMeetings.Where(m => m.Event.Recurrence is not null).ToList();
        foreach (var kind in Enum.GetValues<RecurrenceKind>().Where(k => k != RecurrenceKind.None))
        {
            Assert.Contains(series, m => m.Expectation.Recurrence == kind && m.Expectation.RecurrenceRange == "endDate");
            Assert.Contains(series, m => m.Expectation.Recurrence == kind && m.Expectation.RecurrenceRange == "numbered");
            Assert.Contains(series, m => m.Expectation.Recurrence == kind && m.Expectation.SeriesSpansNow);
            Assert.Contains(series, m => m.Expectation.Recurrence == kind && m.Expectation.Outcome == ExpectedOutcome.SkipPast);
        }
        Assert.Contains(series, m => m.Event.Recurrence!.Pattern.Index == "last");
        Assert.Contains(series, m => m.Event.Recurrence!.Pattern.Interval == 2);
    }

    [Fact]
    public void Every_script_appears_in_text_around_blocks()
    {
        var scripts = _f.MediumMeetings.Aggregate(TextScripts.None, (acc, m) => acc | m.Expectation.Scripts);
        foreach (var s in Enum.GetValues<TextScripts>().Where(s => s != TextScripts.None)) Assert.True(scripts.HasFlag(s), $"{s} missing");
    }

    [Fact]
    public void Special_block_variants_appear()
    {
        var e = _f.MediumMeetings.Select(m => m.Expectation).ToList();
        Assert.Contains(e, x => x.CustomizedBlock);
        Assert.Contains(e, x => x.ReceivedCopy && x.Layout == BlockLayout.Skype);
        Assert.Contains(e, x => x.ReceivedCopy && x.Layout == BlockLayout.TeamsLayout3);
        Assert.Contains(e, x => x.PeopleIncludingOrganizer == TenantGeneratorOptions.MaxPeopleIncludingOrganizer && x.Outcome == ExpectedOutcome.Migrate);
        Assert.Contains(e, x => x.InternalAttendees.Count > 0);
        Assert.Contains(e, x => x.TextOutsideBlock.Count == 0 && x.Layout != BlockLayout.None);
        Assert.Contains(_f.MediumMeetings, m => m.Event.Body.Content.Contains("[!OC([0409])!]", StringComparison.Ordinal)); // hex LCID
        Assert.Contains(_f.MediumMeetings, m => m.Event.Body.Content.Contains("Join Lync Meeting", StringComparison.Ordinal));
        Assert.Contains(_f.MediumMeetings, m => m.Event.Body.Content.Contains("@m.webex.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Users_carry_conferencing_coordinates_and_distinct_identities()
    {
        var users = _f.Medium.Users;
        Assert.Equal(users.Count, users.Select(u => u.UserPrincipalName.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(users.Count, users.Select(u => u.ObjectId).Distinct().Count());
        Assert.All(users, u =>
        {
            var c = u.Entry.Conferencing!;
            Assert.Matches("^[1-9][0-9]{8}$", c.ConferenceId!);
            Assert.Matches(@"^\+[0-9]{8,15}$", c.TollNumber!);
            Assert.Single(c.TollFreeNumbers!);
            Assert.StartsWith("https://", c.DialInUrl!);
            Assert.NotEqual(c.ConferenceId, u.PreviousConferenceId);
            Assert.EndsWith("@" + SeededTenantFixture.MediumOptions.Domain, u.UserPrincipalName);
        });
        foreach (var code in InvitationLanguage.AllCodes) Assert.Contains(users, u => u.Language.Code == code);
    }
}
