namespace MeetingMigration.Sandbox.Seeding;

/// <summary>The single reason (if any) a generated meeting should not be migrated.</summary>
internal enum MeetingTrait
{
    Ordinary,
    Past,
    NotOrganizer,
    Pasted,
    Cancelled,
    TooManyAttendees,
    Ambiguous,
    Offline,
}
