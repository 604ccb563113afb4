using System;
using System.Net;
using System.Net.Sockets;

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

        /// <summary>
        /// The failure as a reason names it: Graph's status and code (what Microsoft support asks for), with its message when
        /// <paramref name="withMessage"/>. An answer that came (200) but could not be used is a failure the engine found in
        /// it, under a code of its own: its message says what was wrong ("Graph answered 200 BodyFormatUnsettled" read as a
        /// contradiction and named a code Graph never sent: outside probe AI).
        /// </summary>
        public string Said(bool withMessage = true) =>
            Status == 200 ? Message : withMessage ? $"Graph answered {Status} {Code}: {Message}" : $"Graph answered {Status} {Code}";

        public bool IsThrottled => Status == 429;
        /// <summary>
        /// Graph refused the access token (401). The connection has already got a new token and sent the call once more
        /// where it could, so this is final for the call: not transient, never retried by the gateway.
        /// </summary>
        public bool IsTokenRefused => Status == 401;

        /// <summary>
        /// The code of a call that was never sent because no access token could be had (signing in failed: a revoked or
        /// expired secret, Entra unreachable). Its status is 401, as the call would have been refused; the sign-in's own
        /// error is the inner exception.
        /// </summary>
        public const string SignInFailedCode = "SignInFailed";

        /// <summary>
        /// No call of this connection can succeed now, whichever mailbox it is for: Graph cannot be reached, or it refuses
        /// the connection's credentials. Not a user's failure, so a request that meets it waits without using a retry
        /// (found by an outside probe: an access token Graph refused turned every queued user's attempt into a failure,
        /// each spending a retry, as an expired client secret would until every user was Failed for good).
        /// </summary>
        public bool IsConnectionDown => IsUnreachable || IsTokenRefused;
        public bool IsPreconditionFailed => Status == (int)HttpStatusCode.PreconditionFailed;

        /// <summary>Exchange has no such item (an event deleted, or cancelled by its organizer): nothing was applied.</summary>
        public bool IsItemNotFound => Status == (int)HttpStatusCode.NotFound && Code == "ErrorItemNotFound";
        public bool IsNotFound => Status == 404 && !IsMailboxOnPremises;
        public bool IsMailboxOnPremises => Code == "MailboxNotEnabledForRESTAPI" || Code == "ExtensionError";
        /// <summary>
        /// Worth trying again: throttling, service busy, gateway timeouts, or no response at all; not an endpoint that
        /// cannot be reached (backing off ten times from that took over two minutes to say what one attempt knew).
        /// </summary>
        public bool IsTransient => (Status == 0 && !IsUnreachable) || Status == 429 || Status == 500 || Status == 502 || Status == 503 || Status == 504;

        /// <summary>
        /// No connection could be made: refused, the host name does not resolve, no route to it. Nothing was sent, so
        /// nothing can have been applied, and retrying within the call does not help.
        /// </summary>
        public bool IsUnreachable => Status == 0 && IsConnectFailure(InnerException);

        /// <summary>
        /// Whether an exception (or one it wraps) is a connection that could not be made: refused, a host name that does not
        /// resolve, no route. Shared with the readers that call the SDK directly (users/delta), so they retry what the
        /// gateway retries and nothing else.
        /// </summary>
        internal static bool IsConnectFailure(Exception? failure)
        {
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }
            }
            return false;
        }

        /// <summary>
        /// For a write: the server may have applied the change before the failure reached us (timeouts, 5xx other than a
        /// throttling answer). Such a write is never blindly resent; the event is read back first.
        /// </summary>
        public bool MayHaveApplied => Status == 0 || Status >= 500;
    }
}
