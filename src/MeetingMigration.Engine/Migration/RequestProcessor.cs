using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>
    /// One attempt at one request: resolve the organizer, stream their calendar from now to the horizon page by page,
    /// migrate each in-scope meeting (a series once, through its master; exceptions on their own), and sum up.
    /// Memory stays flat: only the current page and the ids of series already handled are held.
    /// </summary>
    public sealed class RequestProcessor
    {
        private const int MaxNamedFailures = 10;
        private readonly IMailboxGateway _gateway;
        private readonly IMigrationStore _store;
        private readonly IClock _clock;
        private readonly ILogger _logger;

        public RequestProcessor(IMailboxGateway gateway, IMigrationStore store, IClock? clock = null, ILogger? logger = null)
        {
            _gateway = gateway;
            _store = store;
            _clock = clock ?? SystemClock.Instance;
            _logger = logger ?? NullLogger.Instance;
        }

        public async Task<AttemptResult> RunAsync(MigrationRequest request, bool dryRun, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            var result = new AttemptResult();
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!configuration.MeetingMigrationEnabled)
                return Fail(result, "Meeting migration is turned off for the tenant (Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true turns it on).");

            var identity = request.UserId != null
                ? UserIdentity.Parse(request.UserId.Value.ToString("D"))
                : UserIdentity.Parse(request.UserPrincipalName);
            var user = await _gateway.FindAsync(identity, cancellationToken).ConfigureAwait(false);
            if (user == null) return Fail(result, $"User '{request.UserPrincipalName}' does not exist in the directory.");
            result.ResolvedUserId = user.Id;
            result.ResolvedUserPrincipalName = user.UserPrincipalName;
            var mailbox = user.UserPrincipalName;
            var working = request.Clone();
            working.UserPrincipalName = user.UserPrincipalName;

            var migrator = new MeetingMigrator(_gateway, _store, working, mailbox, user.Id.ToString("D"), _clock, dryRun);
            var now = _clock.UtcNow;
            var seriesDone = new HashSet<string>(StringComparer.Ordinal);
            var failures = new List<string>();
            var seen = 0;
            var done = 0;

            try
            {
                await _gateway.ReadCalendarAsync(mailbox, now, now.AddDays(configuration.HorizonDays), async page =>
                {
                    var work = new List<CalendarEvent>();
                    foreach (var item in page)
                    {
                        if (item.Type == "occurrence")
                        {
                            // A series is updated once, through its master, when it still has an occurrence ahead.
                            if (item.SeriesMasterId == null || !item.IsOrganizer || item.IsCancelled || item.StartUtc <= now) continue;
                            if (!seriesDone.Add(item.SeriesMasterId)) continue;
                            var master = await _gateway.GetEventAsync(mailbox, item.SeriesMasterId, cancellationToken).ConfigureAwait(false);
                            if (master != null) work.Add(master);
                        }
                        else
                        {
                            work.Add(item);
                        }
                    }
                    seen += work.Count;
                    progress?.Report(new MigrationProgress { UserPrincipalName = mailbox, MeetingsSeen = seen, MeetingsDone = done });

                    // The gateway holds each call to the mailbox's four slots; the page's meetings go in parallel within them.
                    var outcomes = await Task.WhenAll(work.Select(item => migrator.MigrateAsync(item, change => { lock (result) result.Planned.Add(change); }, cancellationToken)))
                        .ConfigureAwait(false);
                    for (var i = 0; i < outcomes.Length; i++) Count(result, outcomes[i], work[i], failures);
                    done += work.Count;
                    progress?.Report(new MigrationProgress { UserPrincipalName = mailbox, MeetingsSeen = seen, MeetingsDone = done, CurrentSubject = work.LastOrDefault()?.Subject });
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (GraphCallException e) when (e.IsMailboxOnPremises)
            {
                return Fail(result, $"The mailbox of {mailbox} is not in Exchange Online (Graph answered {e.Code}); MMS migrates meetings in Exchange Online mailboxes only.");
            }
            catch (GraphCallException e)
            {
                return Fail(result, $"Reading the calendar of {mailbox} failed: Graph answered {e.Status} {e.Code}: {e.Message}");
            }

            result.Succeeded = result.FailedMeeting == 0;
            result.LastMessage = Summarize(result, failures);
            _logger.LogInformation("{User}: {Total} meetings, {Succeeded} succeeded, {Failed} failed, {Invites} updates sent.",
                mailbox, result.TotalMeeting, result.SucceededMeeting, result.FailedMeeting, result.InvitesUpdate);
            return result;
        }

        private static void Count(AttemptResult result, MeetingResult outcome, CalendarEvent item, List<string> failures)
        {
            switch (outcome.Kind)
            {
                case MeetingResultKind.Ignored:
                    return;
                case MeetingResultKind.SkippedTooManyAttendees:
                    result.SkippedTooManyAttendees++;
                    return;
                case MeetingResultKind.Failed:
                    result.TotalMeeting++;
                    result.FailedMeeting++;
                    failures.Add($"'{item.Subject}' ({item.StartUtc:yyyy-MM-dd HH:mm}Z): {outcome.Reason.TrimEnd('.')}");
                    return;
                default:
                    result.TotalMeeting++;
                    result.SucceededMeeting++;
                    if (outcome.UpdateSentByThisRequest) result.InvitesUpdate++;
                    return;
            }
        }

        private static string Summarize(AttemptResult result, List<string> failures)
        {
            var parts = new List<string>();
            if (failures.Count > 0)
            {
                var named = string.Join("; ", failures.Take(MaxNamedFailures));
                var more = failures.Count > MaxNamedFailures ? $"; and {failures.Count - MaxNamedFailures} more" : "";
                parts.Add($"{failures.Count} meeting(s) failed: {named}{more}.");
            }
            if (result.SkippedTooManyAttendees > 0)
                parts.Add($"{result.SkippedTooManyAttendees} meeting(s) skipped: more than {MeetingSelection.MaxParticipants} participants.");
            return string.Join(" ", parts);
        }

        private static AttemptResult Fail(AttemptResult result, string message)
        {
            result.Succeeded = false;
            result.LastMessage = message;
            return result;
        }
    }
}
