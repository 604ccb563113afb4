namespace MeetingMigration.Sandbox.Seeding;

public enum RecurrenceKind
{
    None,
    Daily,
    Weekly,
    AbsoluteMonthly,
    RelativeMonthly,
}
