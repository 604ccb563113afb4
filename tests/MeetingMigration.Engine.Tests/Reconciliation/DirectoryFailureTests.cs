using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.Engine.Tests.Migration;
using Xunit;

namespace MeetingMigration.Engine.Tests.Reconciliation
{
    /// <summary>
    /// A directory that cannot answer is not a directory that says "no such user": a refused look-up is "not checked" with
    /// Graph's answer, and an endpoint that cannot be reached at all propagates (the cmdlet says GraphUnreachable).
    /// </summary>
    public sealed class DirectoryFailureTests : IDisposable
    {
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        [Fact]
        public async Task A_refused_directory_lookup_is_not_checked_with_the_reason_never_user_not_found()
        {
            _f.Mailbox.DirectoryFailure = new GraphCallException(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
            var check = await new StaleMeetingReconciler(_f.Mailbox, _f.Store, _f.Clock).CheckAsync(UserIdentity.Parse("ada@contoso.com"), queue: false, CancellationToken.None);

            Assert.False(check.UserNotFound);
            Assert.Equal(UserCheckOutcome.NotChecked, check.Outcome);
            Assert.Contains("403", check.Reason);
        }

        /// <summary>
        /// Outside probe BD-F4: with Graph unreachable, Find-CsMeetingMigrationStaleMeeting -All wrote one "not checked"
        /// warning per user and succeeded. A connection that is down, or whose token Graph refuses, is no user's failure: it
        /// ends the check (and the pass), and the cmdlet says GraphUnreachable or AuthenticationFailed once.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_connection_that_is_down_ends_the_check_instead_of_marking_each_user_not_checked(bool unreachable)
        {
            _f.Mailbox.DirectoryFailure = unreachable
                ? new GraphCallException(0, "NoResponse", "No response from Microsoft Graph.", inner: new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)))
                : new GraphCallException(401, "InvalidAuthenticationToken", "Access token has expired.");
            var reconciler = new StaleMeetingReconciler(_f.Mailbox, _f.Store, _f.Clock);

            var failure = await Assert.ThrowsAsync<GraphCallException>(() => reconciler.RunAsync(
                new[] { UserIdentity.Parse("ada@contoso.com"), UserIdentity.Parse("bob@contoso.com") }, new ReconciliationOptions(), null, null, CancellationToken.None));
            Assert.True(failure.IsConnectionDown);
        }

        [Fact]
        public async Task A_worker_attempt_whose_lookup_was_refused_says_so_and_is_not_a_missing_user()
        {
            var request = await _f.Queue();
            _f.Mailbox.DirectoryFailure = new GraphCallException(503, "ServiceUnavailable", "Busy.");
            var result = await _f.Run(request);

            Assert.False(result.Succeeded);
            Assert.True(result.UserLookupFailed);
            Assert.Contains("503", result.LastMessage);
            Assert.DoesNotContain("does not exist", result.LastMessage);
        }

        [Fact]
        public async Task An_unreachable_directory_is_not_one_users_failure_it_propagates()
        {
            var request = await _f.Queue();
            _f.Mailbox.DirectoryFailure = new GraphCallException(0, "NoResponse", "No response from Microsoft Graph.", inner: new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
            Assert.True(((GraphCallException)_f.Mailbox.DirectoryFailure).IsUnreachable);
            await Assert.ThrowsAsync<GraphCallException>(() => _f.Run(request));
        }
    }
}
