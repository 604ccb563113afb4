using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>An HTTP server as a handler: every request gets the answer made for it, nothing goes on the network.</summary>
    internal sealed class FixedAnswer : HttpMessageHandler
    {
        private readonly Func<HttpResponseMessage> _answer;

        public FixedAnswer(Func<HttpResponseMessage> answer) => _answer = answer;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(_answer());
    }
}
