using System;
using MeetingMigration.Engine.Auth;
using Xunit;

namespace MeetingMigration.Engine.Tests.Auth
{
    /// <summary>The sockets under the Graph connection: never a redirect followed; no proxy for a Graph on this machine.</summary>
    public sealed class GraphTransportTests
    {
        [Theory]
        [InlineData("http://127.0.0.1:5080/v1.0", false)]
        [InlineData("http://localhost:5080/v1.0", false)]
        [InlineData("http://[::1]:5080/v1.0", false)]
        [InlineData("https://graph.microsoft.com/v1.0", true)]
        [InlineData("https://graph.microsoft.us/v1.0", true)]
        public void A_Graph_on_this_machine_is_reached_without_a_proxy_and_no_redirect_is_followed(string graph, bool proxy)
        {
            using var transport = GraphConnection.Transport(new Uri(graph));
            Assert.Equal(proxy, transport.UseProxy);
            Assert.False(transport.AllowAutoRedirect);
        }
    }
}
