using System;

namespace MeetingMigration.Engine.Model
{
    /// <summary>The current time, injectable so retention, leases and retry schedules can be tested without waiting.</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();
        public DateTime UtcNow => DateTime.UtcNow;
    }
}
