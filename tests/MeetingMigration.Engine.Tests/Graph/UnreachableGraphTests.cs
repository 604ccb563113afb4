using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// An endpoint that refuses connections or whose name does not resolve fails at once, as GraphUnreachable naming the
    /// endpoint; before, it was backed off ten times like a busy server (over two minutes) and then shown as UnexpectedError.
    /// </summary>
    public sealed class UnreachableGraphTests
    {
        private static GraphCallException NoConnection(SocketError error) =>
            new GraphCallException(0, "NoResponse", "No response from Microsoft Graph",
                inner: new HttpRequestException("no connection", new SocketException((int)error)));

        [Theory]
        [InlineData(SocketError.ConnectionRefused)]
        [InlineData(SocketError.HostNotFound)]
        [InlineData(SocketError.TryAgain)]
        [InlineData(SocketError.NetworkUnreachable)]
        public void A_connection_that_cannot_be_made_is_unreachable_and_not_transient(SocketError error)
        {
            var failure = NoConnection(error);

            Assert.True(failure.IsUnreachable);
            Assert.False(failure.IsTransient);
        }

        [Fact]
        public void A_reset_or_a_timeout_stays_transient()
        {
            Assert.True(NoConnection(SocketError.ConnectionReset).IsTransient);
            Assert.False(NoConnection(SocketError.ConnectionReset).IsUnreachable);
            Assert.True(new GraphCallException(0, "Timeout", "Microsoft Graph did not answer in time.").IsTransient);
            Assert.True(new GraphCallException(503, "ServiceUnavailable", "busy").IsTransient);
        }

        [Fact]
        public async Task The_resilient_gateway_does_not_retry_an_unreachable_endpoint()
        {
            var inner = new ProbeGateway { Fail = (op, n) => NoConnection(SocketError.ConnectionRefused) };
            var gateway = new ResilientMailboxGateway(inner, backoff: new Backoff(TimeSpan.Zero, TimeSpan.Zero, 10));

            var error = await Assert.ThrowsAsync<GraphCallException>(() => gateway.GetEventAsync("ada@contoso.com", "e1", CancellationToken.None));

            Assert.True(error.IsUnreachable);
            Assert.Equal(1, inner.Calls("get"));
        }

        [Fact]
        public async Task A_closed_port_fails_within_seconds_as_GraphUnreachable_naming_the_endpoint()
        {
            using var closed = ClosedPort();
            var endpoint = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}/v1.0";
            using var connection = GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = "t", GraphEndpoint = endpoint,
            });
            var clock = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<GraphCallException>(() => connection.Gateway.FindAsync(UserIdentity.Parse("a@contoso.com"), CancellationToken.None));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            var explained = Assert.IsType<MeetingMigrationException>(connection.Explain(failure));
            Assert.Equal(ErrorIds.GraphUnreachable, explained.ErrorId);
            Assert.Equal(ErrorKind.ConnectionError, explained.Kind);
            Assert.Equal(endpoint, explained.Target);
            Assert.Contains($"'{endpoint}'", explained.Message);
            Assert.NotNull(explained.RecommendedAction);
        }

        [Fact]
        public void A_busy_Graph_is_GraphUnavailable_and_failures_that_are_no_Graph_call_are_left_as_they_are()
        {
            using var connection = GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = "t", GraphEndpoint = "http://127.0.0.1:5080/v1.0",
            });
            var busy = new GraphCallException(503, "ServiceUnavailable", "busy");
            var other = new InvalidOperationException("not Graph");

            Assert.Equal(ErrorIds.GraphUnavailable, Assert.IsType<MeetingMigrationException>(connection.Explain(busy)).ErrorId);
            Assert.Same(other, connection.Explain(other));
        }

        /// <summary>
        /// A port bound but not listening: connecting to it is refused, and no other process can take it while the socket
        /// is held (a port freed after binding could be taken by anything before the test connects).
        /// </summary>
        /// <summary>
        /// Found by an outside probe: HttpClient's timeout came out as a bare cancellation (its exception carries a cancelled
        /// token of HttpClient's own), which the worker took for a lost lease. It is Graph's "Timeout" now: transient, so the
        /// gateway retries it and a PATCH is read back.
        /// </summary>
        [Fact]
        public async Task A_Graph_that_does_not_answer_in_time_is_a_transient_timeout_not_a_cancellation()
        {
            using var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start(); // accepts connections, never answers
            var options = new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = "t", GraphEndpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/v1.0",
                CallTimeout = TimeSpan.FromMilliseconds(300),
            };
            using var connection = GraphConnection.Create(options);

            var failure = await Assert.ThrowsAsync<GraphCallException>(() => new GraphMailboxGateway(connection.Client).GetEventAsync("a@contoso.com", "e1", CancellationToken.None));

            Assert.Equal((0, "Timeout"), (failure.Status, failure.Code));
            Assert.True(failure.IsTransient);
            Assert.False(failure.IsUnreachable);
        }

        private static Socket ClosedPort()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }
    }
}
