namespace MeetingMigration.Engine.Migration
{
    public enum MeetingResultKind { Ignored, SkippedTooManyAttendees, Updated, AlreadyCurrent, Failed, Planned }

    /// <summary>What happened to one meeting. UpdateSentByThisRequest: attendees got this request's update (now or in an
    /// earlier, interrupted attempt): what InvitesUpdate counts.</summary>
    public sealed class MeetingResult
    {
        public MeetingResult(MeetingResultKind kind, string reason = "", bool updateSentByThisRequest = false)
        {
            Kind = kind;
            Reason = reason;
            UpdateSentByThisRequest = updateSentByThisRequest;
        }

        public MeetingResultKind Kind { get; }
        public string Reason { get; }
        public bool UpdateSentByThisRequest { get; }
    }
}
