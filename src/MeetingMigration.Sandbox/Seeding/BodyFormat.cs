namespace MeetingMigration.Sandbox.Seeding;

public enum BodyFormat
{
    Html,
    Text,
}
