using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// An error answer in a shape other than Graph's (a gateway's own JSON) is said as such. Found by an outside probe:
    /// its reason was empty ("Graph answered 500 : ").
    /// </summary>
    public sealed class ErrorAnswerShapeTests
    {
        private static GraphMailboxGateway Gateway(HttpStatusCode status, string json) =>
            new GraphMailboxGateway(new GraphServiceClient(new HttpClient(new FixedAnswer(() => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") })), new AnonymousAuthenticationProvider(), "https://graph.microsoft.com/v1.0"));

        [Fact]
        public async Task An_error_answer_without_Graphs_error_object_says_it_has_no_code_and_no_message()
        {
            var failure = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(HttpStatusCode.InternalServerError, "{\"status\":\"broken\"}").GetEventAsync("a@contoso.com", "e1", CancellationToken.None));

            Assert.Equal((500, GraphMailboxGateway.NoErrorCode), (failure.Status, failure.Code));
            Assert.Equal("The answer (500) carried no error message in Graph's shape.", failure.Message);
        }

        [Fact]
        public async Task Graphs_own_error_keeps_its_code_and_message()
        {
            var failure = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(HttpStatusCode.ServiceUnavailable,
                "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Try again later.\"}}").GetEventAsync("a@contoso.com", "e1", CancellationToken.None));

            Assert.Equal((503, "ServiceUnavailable", "Try again later."), (failure.Status, failure.Code, failure.Message));
        }
    }
}
