using System;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// Where a connection gets its access token. <c>forceRefresh</c> skips whatever the source has cached (MSAL's token
    /// cache, the loopback client's): it is set only after Graph refused the cached token.
    /// </summary>
    internal delegate Task<string> TokenSource(bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>
    /// The access token of one connection, and its renewal after Graph refused it. The source keeps the cache, so the
    /// current token is whatever it hands out; nothing here keeps a copy of a token.
    /// </summary>
    internal sealed class GraphTokens
    {
        private readonly TokenSource _source;
        private readonly object _gate = new object();
        private Task<string>? _renewal;
        private int _waiting;

        /// <param name="renewable">
        /// False for a token the admin handed over (-AccessToken): there is no way to get another, so a refused one is not
        /// asked for again.
        /// </param>
        public GraphTokens(TokenSource source, bool renewable)
        {
            _source = source;
            Renewable = renewable;
        }

        public bool Renewable { get; }

        /// <summary>Requests waiting for the renewal in progress (tests use it to line requests up on one renewal).</summary>
        internal int Waiting
        {
            get { lock (_gate) return _waiting; }
        }

        public Task<string> CurrentAsync(CancellationToken cancellationToken) => _source(false, cancellationToken);

        /// <summary>
        /// A token fresh from the source, other than <paramref name="refused"/>; null when none can be had. Requests refused
        /// while a renewal is under way wait for that one instead of signing in each (a token that expires under a full
        /// pipeline is refused to every request in flight at once); a request refused after it finished gets a renewal of
        /// its own. So every request sent again carries a token issued after it was refused, never one that may have worn
        /// out while it was in flight, and a sign-in only ever follows a refusal. Failures of the sign-in itself
        /// (MeetingMigrationException AuthenticationFailed) go to the caller.
        /// </summary>
        public async Task<string?> RenewAsync(string refused, CancellationToken cancellationToken)
        {
            if (!Renewable) return null;
            Task<string> renewal;
            lock (_gate)
            {
                // Run off the lock and without any one request's cancellation: the renewal is shared by whoever waits on it.
                if (_renewal == null || _renewal.IsCompleted) _renewal = Task.Run(() => _source(true, CancellationToken.None));
                renewal = _renewal;
                _waiting++;
            }
            try
            {
                var fresh = await WaitAsync(renewal, cancellationToken).ConfigureAwait(false);
                return string.IsNullOrEmpty(fresh) || string.Equals(fresh, refused, StringComparison.Ordinal) ? null : fresh;
            }
            finally
            {
                lock (_gate) _waiting--;
            }
        }

        /// <summary>The renewal's result, or OperationCanceledException as soon as this caller is cancelled (the renewal goes on for the others).</summary>
        private static async Task<string> WaitAsync(Task<string> renewal, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || renewal.IsCompleted) return await renewal.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(renewal, cancelled.Task).ConfigureAwait(false) != renewal)
                    throw new OperationCanceledException(cancellationToken);
            }
            return await renewal.ConfigureAwait(false);
        }
    }
}
