using MeetingMigration.Engine.Model;

namespace MeetingMigration.Service.Tests;

/// <summary>A fixed clock, so the trigger's NotBefore can be compared exactly.</summary>
public sealed class ManualClock(DateTime utcNow) : IClock
{
    public DateTime UtcNow { get; set; } = utcNow;
}
