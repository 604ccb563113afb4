using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions.Authentication;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// Hands the bearer token to the Graph SDK, and only for the configured Graph host: the SDK's bearer provider adds the
    /// header for any URL, so a nextLink pointing elsewhere would otherwise carry the token away.
    /// </summary>
    internal sealed class HostBoundTokenProvider : IAccessTokenProvider
    {
        private readonly Func<CancellationToken, Task<string>> _acquire;
        private readonly Uri _graph;

        public HostBoundTokenProvider(Uri graph, Func<CancellationToken, Task<string>> acquire)
        {
            _graph = graph;
            _acquire = acquire;
            AllowedHostsValidator = new AllowedHostsValidator(new[] { graph.Authority });
        }

        public AllowedHostsValidator AllowedHostsValidator { get; }

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            if (!IsGraph(uri)) return "";
            return await _acquire(cancellationToken).ConfigureAwait(false);
        }

        internal bool IsGraph(Uri uri) =>
            string.Equals(uri.Scheme, _graph.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, _graph.Authority, StringComparison.OrdinalIgnoreCase);
    }
}
