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

        /// <summary>
        /// Found by outside probe AB: a directory answer cut short escaped as an UnexpectedError naming no user (and stopped
        /// Find -All for everyone after it), and one of the wrong types was reported as "No user … exists in the directory".
        /// Both are answers that cannot be read; only Graph's 404 is an absent user.
        /// </summary>
        [Theory]
        [InlineData("{\"id\":\"6c5a40dd-0000-4000-8000-00000000000")]
        [InlineData("{\"id\":12,\"userPrincipalName\":[\"ashaw@contoso.com\"]}")]
        [InlineData("{\"userPrincipalName\":\"ashaw@contoso.com\"}")]
        public async Task A_directory_answer_that_cannot_be_read_is_a_malformed_answer_not_an_absent_user(string json)
        {
            var failure = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(HttpStatusCode.OK, json).FindAsync(MeetingMigration.Engine.Model.UserIdentity.Parse("ashaw@contoso.com"), CancellationToken.None));

            Assert.Equal((200, "MalformedResponse"), (failure.Status, failure.Code));
            Assert.StartsWith("Microsoft Graph's answer", failure.Message);
        }

        [Fact]
        public async Task Graphs_404_for_a_user_is_an_absent_user()
        {
            Assert.Null(await Gateway(HttpStatusCode.NotFound, "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Resource does not exist.\"}}")
                .FindAsync(MeetingMigration.Engine.Model.UserIdentity.Parse("ashaw@contoso.com"), CancellationToken.None));
        }
    }
}
