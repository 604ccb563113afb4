namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Where a series lies relative to the generator's Now.</summary>
internal enum SeriesTiming
{
    /// <summary>First occurrence after Now.</summary>
    Future,
    /// <summary>First occurrence before Now, later ones after it: still a future meeting to migrate.</summary>
    SpanningNow,
    /// <summary>Last occurrence before Now.</summary>
    Past,
}
