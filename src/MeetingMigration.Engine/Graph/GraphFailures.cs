using System;
using System.Globalization;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>Graph failures an admin can act on, as errors with their own ErrorId instead of UnexpectedError.</summary>
    public static class GraphFailures
    {
        /// <summary>GraphUnreachable naming the endpoint when <paramref name="failure"/> is a Graph call that could not connect; else null.</summary>
        public static MeetingMigrationException? Unreachable(Exception failure, string endpoint)
        {
            if (!(CallIn(failure) is GraphCallException call) || !call.IsUnreachable) return null;
            return new MeetingMigrationException(ErrorIds.GraphUnreachable, ErrorKind.ConnectionError,
                $"Microsoft Graph at {QuotedValue.Of(endpoint)} cannot be reached: {QuotedValue.Inert(Reason(call), 160)}.", endpoint,
                "Check -GraphEndpoint of Connect-MeetingMigration, this machine's network, proxy and DNS settings (and that the sandbox runs, for a local endpoint), then try again.",
                call);
        }

        /// <summary>
        /// AuthenticationFailed when <paramref name="failure"/> is Graph refusing the access token (401) after the connection
        /// tried what it could (one new token, <see cref="Auth.GraphConnection"/>); else null. Graph's message, with the
        /// reason no new token helped, is quoted; it never holds the token.
        /// </summary>
        public static MeetingMigrationException? TokenRefused(Exception failure, string endpoint)
        {
            if (!(CallIn(failure) is GraphCallException call) || !call.IsTokenRefused) return null;
            // A call never sent because signing in failed: the sign-in's own error says why and what to check.
            if (call.InnerException is MeetingMigrationException signIn && call.Code == GraphCallException.SignInFailedCode) return signIn;
            return new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied,
                $"Microsoft Graph at {QuotedValue.Of(endpoint)} refused the access token ({QuotedValue.Inert(call.Code, 80)}): {QuotedValue.Inert(call.Message, 400)}", endpoint,
                "Connect again (Connect-MeetingMigration) with a valid token or credential; for an app registration, check its tenant, secret or certificate, and Graph's admin consent.",
                call);
        }

        /// <summary>
        /// Any other failed Graph call, after the retries it was allowed: GraphUnavailable when Graph stayed busy (429, 5xx,
        /// no answer; trying later may work), GraphRequestFailed when it refused the call itself. Either names the status,
        /// Graph's code and request-id (what Microsoft support asks for); null when <paramref name="failure"/> is no Graph call.
        /// </summary>
        public static MeetingMigrationException? Failed(Exception failure, string endpoint)
        {
            if (!(CallIn(failure) is GraphCallException call)) return null;
            string what = Describe(call);
            if (call.IsTransient)
                return new MeetingMigrationException(ErrorIds.GraphUnavailable, ErrorKind.ResourceBusy,
                    $"Microsoft Graph at {QuotedValue.Of(endpoint)} stayed busy or unavailable through the retries this call was allowed: {what}.", endpoint,
                    "Try again in a few minutes; Exchange Online throttles or is busy. Get-CsMeetingMigrationStatus shows what was queued before it stopped.",
                    call);
            return new MeetingMigrationException(ErrorIds.GraphRequestFailed, call.Status == 403 ? ErrorKind.PermissionDenied : call.Status == 404 ? ErrorKind.ObjectNotFound : ErrorKind.InvalidOperation,
                $"Microsoft Graph at {QuotedValue.Of(endpoint)} refused the call: {what}.", endpoint,
                call.Status == 403
                    ? "Check the app registration's Graph permissions (docs/permissions.md) and any application access policy that limits its mailboxes."
                    : "Check the value the command was given; if it is right, report the message above with its request-id.",
                call);
        }

        /// <summary>Graph's answer as an admin quotes it: status (or "no answer"), Graph's code, its message and request-id.</summary>
        public static string Describe(GraphCallException call) =>
            $"{(call.Status == 0 ? "no answer" : call.Status.ToString(CultureInfo.InvariantCulture))} {QuotedValue.Inert(call.Code, 80)}: {QuotedValue.Inert(call.Message, 400)}" +
            (call.RequestId != null ? $" (request-id {QuotedValue.Inert(call.RequestId, 80)})" : "");

        /// <summary>The failed Graph call <paramref name="failure"/> is, or wraps alone in an AggregateException; else null.</summary>
        private static GraphCallException? CallIn(Exception failure)
        {
            while (failure is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) failure = aggregate.InnerExceptions[0];
            return failure as GraphCallException;
        }

        /// <summary>The socket's own words ("Connection refused (127.0.0.1:5080)", "Name or service not known").</summary>
        private static string Reason(GraphCallException call) => call.InnerException?.Message ?? call.Message;
    }
}
