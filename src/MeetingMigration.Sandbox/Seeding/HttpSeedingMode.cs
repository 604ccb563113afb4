namespace MeetingMigration.Sandbox.Seeding;

public enum HttpSeedingMode
{
    /// <summary>One request per user setting and per event, as a test driving the public endpoints would do.</summary>
    PerItem,
    /// <summary>One POST /sandbox/tenant carrying the whole tenant file, streamed from the generator.</summary>
    Bulk,
}
