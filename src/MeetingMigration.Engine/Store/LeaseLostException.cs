using System;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// A write of an attempt whose lease ran out and was taken by another worker: refused by the store. It is a
    /// cancellation of this attempt (the worker stops it as it would when a renewal fails), not a failure of the request,
    /// which the worker now holding it carries on.
    /// </summary>
    public sealed class LeaseLostException : OperationCanceledException
    {
        public LeaseLostException(Guid correlationId)
            : base($"The lease on request {correlationId:D} was lost to another worker; this attempt stops and that worker carries on.")
        {
            CorrelationId = correlationId;
        }

        public Guid CorrelationId { get; }

        public string ErrorId => ErrorIds.LeaseLost;
    }
}
