using MeetingMigration.Engine.Model;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>A clock the test moves: lease expiry without waiting for it.</summary>
public sealed class ManualClock(DateTime start) : IClock
{
    private long _ticks = start.Ticks;
    public DateTime UtcNow => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
