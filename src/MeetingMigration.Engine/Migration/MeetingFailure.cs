using System;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>A meeting an attempt could not migrate (or, planning, could not plan), and why.</summary>
    public sealed class MeetingFailure
    {
        public string EventId { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTime? StartUtc { get; set; }
        public string Reason { get; set; } = "";
    }
}
