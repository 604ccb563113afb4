using MeetingMigration.Engine.Model;

namespace MeetingMigration.Service.Tests;

/// <summary>This machine's clock moved by a fixed offset: another machine's, or a database server's, that does not agree with it.</summary>
public sealed class OffsetClock(TimeSpan offset) : IClock
{
    public DateTime UtcNow => DateTime.UtcNow + offset;
}
