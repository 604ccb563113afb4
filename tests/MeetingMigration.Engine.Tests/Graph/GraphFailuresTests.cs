using System;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// A failed Graph call reaching a cmdlet was UnexpectedError ("report it as a bug") unless Graph could not be reached
    /// or refused the token: a 503 through every retry during Start's user look-up showed that way (outside probe).
    /// </summary>
    public class GraphFailuresTests
    {
        private const string Endpoint = "https://graph.microsoft.com/v1.0";

        [Theory]
        [InlineData(429, "ApplicationThrottled")]
        [InlineData(503, "ServiceUnavailable")]
        [InlineData(504, "GatewayTimeout")]
        [InlineData(0, "timeout")]
        public void Graph_staying_busy_is_GraphUnavailable_naming_the_status_code_and_request_id(int status, string code)
        {
            var call = new GraphCallException(status, code, "The service is temporarily unavailable.", requestId: "req-42");

            var error = GraphFailures.Failed(new AggregateException(call), Endpoint)!;

            Assert.Equal(ErrorIds.GraphUnavailable, error.ErrorId);
            Assert.Equal(ErrorKind.ResourceBusy, error.Kind);
            Assert.Contains($"{(status == 0 ? "no answer" : status.ToString())} {code}: The service is temporarily unavailable.", error.Message);
            Assert.Contains("(request-id req-42)", error.Message);
            Assert.StartsWith("Try again in a few minutes", error.RecommendedAction);
            Assert.Same(call, error.InnerException);
        }

        [Theory]
        [InlineData(403, "ErrorAccessDenied", ErrorKind.PermissionDenied, "permissions")]
        [InlineData(404, "ErrorItemNotFound", ErrorKind.ObjectNotFound, "Check the value")]
        [InlineData(400, "ErrorInvalidRequest", ErrorKind.InvalidOperation, "Check the value")]
        public void Graph_refusing_the_call_is_GraphRequestFailed_with_a_kind_for_its_status(int status, string code, ErrorKind kind, string action)
        {
            var error = GraphFailures.Failed(new GraphCallException(status, code, "No."), Endpoint)!;

            Assert.Equal(ErrorIds.GraphRequestFailed, error.ErrorId);
            Assert.Equal(kind, error.Kind);
            Assert.Contains($"{status} {code}: No.", error.Message);
            Assert.DoesNotContain("request-id", error.Message);
            Assert.Contains(action, error.RecommendedAction);
        }

        [Fact]
        public void Other_failures_are_left_to_the_caller()
        {
            Assert.Null(GraphFailures.Failed(new InvalidOperationException("x"), Endpoint));
        }
    }
}
