using System;
using System.Net;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>A failed Graph call, reduced to what the retry and reconcile logic needs: status, Graph error code, wait hint.</summary>
    public sealed class GraphCallException : Exception
    {
        public GraphCallException(int status, string code, string message, TimeSpan? retryAfter = null, string? requestId = null, Exception? inner = null)
            : base(message, inner)
        {
            Status = status;
            Code = code;
            RetryAfter = retryAfter;
            RequestId = requestId;
        }

        /// <summary>HTTP status; 0 when no response arrived (timeout, connection reset).</summary>
        public int Status { get; }
        public string Code { get; }
        public TimeSpan? RetryAfter { get; }
        public string? RequestId { get; }

        public bool IsThrottled => Status == 429;
        public bool IsPreconditionFailed => Status == (int)HttpStatusCode.PreconditionFailed;
        public bool IsNotFound => Status == 404 && !IsMailboxOnPremises;
        public bool IsMailboxOnPremises => Code == "MailboxNotEnabledForRESTAPI" || Code == "ExtensionError";
        /// <summary>Worth trying again: throttling, service busy, gateway timeouts, or no response at all.</summary>
        public bool IsTransient => Status == 0 || Status == 429 || Status == 500 || Status == 502 || Status == 503 || Status == 504;
        /// <summary>
        /// For a write: the server may have applied the change before the failure reached us (timeouts, 5xx other than a
        /// throttling answer). Such a write is never blindly resent; the event is read back first.
        /// </summary>
        public bool MayHaveApplied => Status == 0 || Status >= 500;
    }
}
