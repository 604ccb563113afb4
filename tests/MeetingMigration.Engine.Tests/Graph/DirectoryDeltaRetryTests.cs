using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Triggers;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// users/delta goes around the mailbox gateway, so it applies the gateway's retry rule itself: throttling, busy servers
    /// and answers lost on the way are retried; a connection that cannot be made at all is not (it used to be, like any
    /// HttpRequestException: six sends and half a minute of waiting to say what the first one knew).
    /// </summary>
    public sealed class DirectoryDeltaRetryTests
    {
        private const string LastPage = "{\"value\":[{\"id\":\"6f1c2b47-8a3e-4c4e-9d5a-3c0f1b2a9e10\",\"userPrincipalName\":\"adele@contoso.test\",\"assignedPlans\":[]}]," +
                                        "\"@odata.deltaLink\":\"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc\"}";

        private sealed class Directory : HttpMessageHandler
        {
            private readonly Func<int, HttpResponseMessage> _answer;
            public int Sends;

            public Directory(Func<int, HttpResponseMessage> answer) => _answer = answer;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(_answer(Interlocked.Increment(ref Sends)));
        }

        private static (GraphDirectoryDeltaReader Reader, RecordedWaits Waits) Reader(Directory directory)
        {
            var waits = new RecordedWaits();
            var client = new GraphServiceClient(new HttpClient(directory), new AnonymousAuthenticationProvider(), "https://graph.microsoft.com/v1.0");
            return (new GraphDirectoryDeltaReader(client, waits.Delay), waits);
        }

        private static HttpResponseMessage Page() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(LastPage, Encoding.UTF8, "application/json") };

        [Theory]
        [InlineData(SocketError.ConnectionRefused)]
        [InlineData(SocketError.HostNotFound)]
        public async Task A_connection_that_cannot_be_made_fails_the_pass_at_once(SocketError error)
        {
            var directory = new Directory(_ => throw new HttpRequestException("no connection", new SocketException((int)error)));
            var (reader, waits) = Reader(directory);

            await Assert.ThrowsAsync<HttpRequestException>(() => reader.ReadAsync(null, CancellationToken.None));

            Assert.Equal(1, directory.Sends);
            Assert.Empty(waits.All);
        }

        [Fact]
        public async Task An_answer_lost_on_the_way_and_a_busy_server_are_retried()
        {
            var directory = new Directory(n => n switch
            {
                1 => throw new HttpRequestException("The response ended prematurely.", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))),
                2 => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"busy\"}}", Encoding.UTF8, "application/json") },
                _ => Page(),
            });
            var (reader, waits) = Reader(directory);

            var delta = await reader.ReadAsync(null, CancellationToken.None);

            Assert.Single(delta.Users);
            Assert.Equal(3, directory.Sends);
            Assert.Equal(2, waits.All.Count);
        }

        [Fact]
        public async Task A_refused_token_is_not_retried_here()
        {
            // The connection's handler has already had its one new token by the time a 401 reaches the reader.
            var directory = new Directory(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"expired\"}}", Encoding.UTF8, "application/json"),
            });
            var (reader, waits) = Reader(directory);

            await Assert.ThrowsAnyAsync<Exception>(() => reader.ReadAsync(null, CancellationToken.None));

            Assert.Equal(1, directory.Sends);
            Assert.Empty(waits.All);
        }
    }
}
