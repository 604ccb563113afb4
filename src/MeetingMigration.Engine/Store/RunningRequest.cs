using System;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// A request in the InProgress state and its lease: who holds it and until when. A lease that has run out means the
    /// holder died (a killed session, a crashed service) without handing it back, and any worker may resume the request.
    /// </summary>
    public sealed class RunningRequest
    {
        public RunningRequest(Guid correlationId, string? leaseOwner, DateTime leaseExpires)
        {
            CorrelationId = correlationId;
            LeaseOwner = leaseOwner;
            LeaseExpires = leaseExpires;
        }

        public Guid CorrelationId { get; }
        public string? LeaseOwner { get; }
        public DateTime LeaseExpires { get; }
    }
}
