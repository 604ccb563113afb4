using System;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>Graph failures an admin can act on, as errors with their own ErrorId instead of UnexpectedError.</summary>
    public static class GraphFailures
    {
        /// <summary>GraphUnreachable naming the endpoint when <paramref name="failure"/> is a Graph call that could not connect; else null.</summary>
        public static MeetingMigrationException? Unreachable(Exception failure, string endpoint)
        {
            while (failure is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) failure = aggregate.InnerExceptions[0];
            if (!(failure is GraphCallException call) || !call.IsUnreachable) return null;
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
            while (failure is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) failure = aggregate.InnerExceptions[0];
            if (!(failure is GraphCallException call) || !call.IsTokenRefused) return null;
            return new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied,
                $"Microsoft Graph at {QuotedValue.Of(endpoint)} refused the access token ({QuotedValue.Inert(call.Code, 80)}): {QuotedValue.Inert(call.Message, 400)}", endpoint,
                "Connect again (Connect-MeetingMigration) with a valid token or credential; for an app registration, check its tenant, secret or certificate, and Graph's admin consent.",
                call);
        }

        /// <summary>The socket's own words ("Connection refused (127.0.0.1:5080)", "Name or service not known").</summary>
        private static string Reason(GraphCallException call) => call.InnerException?.Message ?? call.Message;
    }
}
