using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Delta;
using Microsoft.Kiota.Abstractions;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>users/delta through the Graph SDK (application permission User.Read.All).</summary>
    public sealed class GraphDirectoryDeltaReader : IDirectoryDeltaReader
    {
        // assignedLicenses and assignedPlans must both be selected: a license-only change surfaces the user only when a
        // selected property changed, and the plans are what say whether Audio Conferencing is on.
        private static readonly string[] Select = { "id", "userPrincipalName", "assignedLicenses", "assignedPlans" };
        /// <summary>
        /// A page's retry budget: six sends and Backoff's default wait budget, with Retry-After honoured as given. This
        /// reader goes around the mailbox gateway (users/delta is no mailbox call), so it applies the same rules itself;
        /// a page that runs out fails the pass, and the next pass reads the same changes again.
        /// </summary>
        private static readonly Backoff PageBackoff = new Backoff(Backoff.Default.Initial, Backoff.Default.Maximum, 6);

        private readonly GraphServiceClient _client;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        public GraphDirectoryDeltaReader(GraphServiceClient client) : this(client, null)
        {
        }

        /// <param name="delay">How a wait is spent; Task.Delay unless a test records the waits instead of sitting through them.</param>
        internal GraphDirectoryDeltaReader(GraphServiceClient client, Func<TimeSpan, CancellationToken, Task>? delay)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _delay = delay ?? Task.Delay;
        }

        public async Task<DirectoryDelta> ReadAsync(string? deltaLink, CancellationToken cancellationToken)
        {
            if (deltaLink != null)
            {
                try
                {
                    return await ReadAllPagesAsync(deltaLink, cancellationToken).ConfigureAwait(false);
                }
                catch (ODataError e) when (IsExpired(e))
                {
                    // Delta tokens expire (for directory objects after about a week unused); start over rather than fail forever.
                }
            }
            return await ReadAllPagesAsync(null, cancellationToken).ConfigureAwait(false);
        }

        private async Task<DirectoryDelta> ReadAllPagesAsync(string? deltaLink, CancellationToken cancellationToken)
        {
            var users = new List<DirectoryUserChange>();
            var page = await GetPageAsync(deltaLink, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                foreach (var user in page.Value ?? new List<Microsoft.Graph.Models.User>())
                {
                    if (!Guid.TryParse(user.Id, out var id)) continue;
                    var removed = user.AdditionalData != null && user.AdditionalData.ContainsKey("@removed");
                    bool? licensed = user.AssignedPlans == null ? (bool?)null : AudioConferencingPlan.IsEnabled(user.AssignedPlans);
                    users.Add(new DirectoryUserChange(id, user.UserPrincipalName, removed, removed ? false : licensed));
                }
                if (!string.IsNullOrEmpty(page.OdataNextLink))
                {
                    page = await GetPageAsync(page.OdataNextLink, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (string.IsNullOrEmpty(page.OdataDeltaLink))
                    throw new InvalidOperationException("users/delta ended without an @odata.deltaLink.");
                return new DirectoryDelta(users, page.OdataDeltaLink!, isFullSync: deltaLink == null);
            }
        }

        /// <summary>
        /// One page, retried on throttling and transient failures so one 429 does not throw away a long first pass: the same
        /// failures the mailbox gateway retries (<see cref="GraphCallException.IsTransient"/>). A connection that cannot be
        /// made at all (refused, a name that does not resolve) fails the pass at once, as it does there; a 401 has already
        /// had its one new token from the connection's handler.
        /// </summary>
        private async Task<DeltaGetResponse> GetPageAsync(string? link, CancellationToken cancellationToken)
        {
            var tally = new RetryTally();
            while (true)
            {
                tally.CountSend();
                Exception failure;
                TimeSpan? retryAfter = null;
                try
                {
                    var response = link == null
                        ? await _client.Users.Delta.GetAsDeltaGetResponseAsync(rc => rc.QueryParameters.Select = Select, cancellationToken).ConfigureAwait(false)
                        : await _client.Users.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(null, cancellationToken).ConfigureAwait(false);
                    return response ?? throw new InvalidOperationException("users/delta returned no body.");
                }
                catch (ApiException e) when (IsTransient(e.ResponseStatusCode))
                {
                    failure = e;
                    retryAfter = RetryAfterOf(e);
                }
                catch (HttpRequestException e) when (!GraphCallException.IsConnectFailure(e))
                {
                    // No answer (a connection reset, an answer cut off): nothing was read, so the page is asked for again.
                    failure = e;
                }
                catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The HttpClient's timeout, not the caller's cancellation.
                    failure = e;
                }
                var verdict = PageBackoff.Next(tally, retryAfter, out var wait);
                if (verdict == RetryVerdict.AttemptsUsedUp) ExceptionDispatchInfo.Capture(failure).Throw();
                if (verdict == RetryVerdict.WaitExceedsBudget)
                    throw new InvalidOperationException(
                        $"users/delta asked to wait {wait.TotalSeconds:0} s before trying again, longer than a page's retry budget allows; " +
                        "not sent again early. The next pass reads these changes again.", failure);
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        private static bool IsTransient(int status) => status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        private static bool IsExpired(ODataError e)
        {
            var code = e.Error?.Code ?? "";
            return e.ResponseStatusCode == 410
                || code.Equals("syncStateNotFound", StringComparison.OrdinalIgnoreCase)
                || code.Equals("syncStateInvalid", StringComparison.OrdinalIgnoreCase)
                || code.Equals("resyncRequired", StringComparison.OrdinalIgnoreCase);
        }

        private static TimeSpan? RetryAfterOf(ApiException e)
        {
            if (e.ResponseHeaders == null) return null;
            var header = e.ResponseHeaders.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase));
            return header.Value == null ? null : RetryAfter.Parse(header.Value.FirstOrDefault(), DateTimeOffset.UtcNow);
        }
    }
}
