using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>
/// Tenants shared by the seeding tests (and usable by any sandbox test): generated once per test class.
/// <see cref="Medium"/> is big enough (5,000 meetings) for proportions and full coverage of layouts,
/// languages, formats and recurrence patterns; <see cref="Small"/> is for quick structural checks.
/// </summary>
public sealed class SeededTenantFixture
{
    public static readonly TenantGeneratorOptions SmallOptions = new() { Users = 6, MeetingsPerUser = 15, Seed = 7 };

    public static readonly TenantGeneratorOptions MediumOptions = new()
    {
        Users = 40,
        MeetingsPerUser = 125,
        Seed = 20260302,
        OnPremisesUserFraction = 0.1, // 4 users: enough to see the outcome, few enough to keep the rest large
        SeriesExceptionFraction = 0.3, // off by default; on here so every rule is checked against series with exceptions too
    };

    public SeededTenantFixture()
    {
        Small = TenantGenerator.Generate(SmallOptions);
        Medium = TenantGenerator.Generate(MediumOptions);
        MediumMeetings = Medium.Meetings().ToList();
    }

    public GeneratedTenant Small { get; }
    public GeneratedTenant Medium { get; }
    public IReadOnlyList<SeededMeeting> MediumMeetings { get; }

    /// <summary>Medium meetings of users with cloud mailboxes, whose outcome follows the meeting's own trait.</summary>
    public IEnumerable<SeededMeeting> MediumCloudMeetings =>
        MediumMeetings.Where(m => m.Expectation.Outcome != ExpectedOutcome.SkipOnPremisesMailbox);
}

/// <summary>One <see cref="SeededTenantFixture"/> for all seeding test classes: generating it takes a few seconds.</summary>
[Xunit.CollectionDefinition(Name)]
public sealed class SeededTenantCollection : Xunit.ICollectionFixture<SeededTenantFixture>
{
    public const string Name = "Seeded tenants";
}
