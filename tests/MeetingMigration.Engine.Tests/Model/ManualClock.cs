using System;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Tests.Model
{
    /// <summary>A clock the test moves by hand: leases, retries and retention are tested without waiting.</summary>
    public sealed class ManualClock : IClock
    {
        private long _ticks;

        public ManualClock(DateTime startUtc) => _ticks = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc).Ticks;

        public ManualClock() : this(new DateTime(2030, 3, 4, 9, 0, 0, DateTimeKind.Utc)) { }

        public DateTime UtcNow => new DateTime(System.Threading.Interlocked.Read(ref _ticks), DateTimeKind.Utc);

        public void Advance(TimeSpan by) => System.Threading.Interlocked.Add(ref _ticks, by.Ticks);

        public void Set(DateTime utc) => System.Threading.Interlocked.Exchange(ref _ticks, DateTime.SpecifyKind(utc, DateTimeKind.Utc).Ticks);
    }
}
