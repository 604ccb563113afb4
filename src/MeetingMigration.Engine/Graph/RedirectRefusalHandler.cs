using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using Microsoft.Extensions.Logging;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// A redirect is an error, never followed. Graph does not redirect the calls the engine makes, so a 3xx comes from
    /// something else in between (a gateway, a wrong endpoint). Followed, it sent a meeting's new body elsewhere and
    /// took that host's 200 for Exchange's: the meeting was reported updated while Exchange never saw the PATCH, and an
    /// empty calendar or an unknown user was read from a host that is not Graph (found by an outside probe). The
    /// connection's HttpClientHandler has automatic redirects off; this fails the call with the target named. It throws
    /// rather than hand back an error answer: the SDK's adapter takes a 301 or 302 for success (its own redirect handler
    /// would have followed it), so a PATCH answered 302 was still reported as an update (found by the probe that checked
    /// this fix). Each target is logged once at Warning (then at Debug): the call's failure may end well, the migrator
    /// reading the meeting back and sending its PATCH again, and the redirect was then said nowhere (outside probe W: a
    /// gateway redirected five PATCHes and neither the log, at Debug included, nor a status mentioned it).
    /// </summary>
    internal sealed class RedirectRefusalHandler : DelegatingHandler
    {
        internal const string Code = "UnexpectedRedirect";

        private readonly ILogger? _logger;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _said =
            new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        public RedirectRefusalHandler(ILogger? logger = null) => _logger = logger;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status < 300 || status >= 400 || status == 304) return response;

            var target = response.Headers.Location;
            // The address is quoted without the request's token, should it carry it (a probe's gateway put it in the query).
            var token = request.Headers.Authorization?.Parameter;
            var address = target == null ? null : string.IsNullOrEmpty(token) ? target.OriginalString : Auth.EchoedTokenHandler.Scrub(target.OriginalString, token!);
            var message = $"Microsoft Graph answered {status} redirecting to " +
                          (address == null ? "no address" : QuotedValue.Of(address)) +
                          "; Graph does not redirect these calls, so it was not followed and nothing was sent there. Check the Graph endpoint and whatever runs in front of it.";
            response.Dispose();
            if (_logger != null)
            {
                if (_said.TryAdd(address ?? "", true))
                    _logger.LogWarning("{Method} {Path}: {Message} Each further redirect to this address is logged at Debug.", request.Method, request.RequestUri?.AbsolutePath, message);
                else
                    _logger.LogDebug("{Method} {Path}: {Message}", request.Method, request.RequestUri?.AbsolutePath, message);
            }
            throw new GraphCallException(status, Code, message);
        }
    }
}
