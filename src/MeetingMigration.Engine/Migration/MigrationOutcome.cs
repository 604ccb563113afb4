using System;
using System.Collections.Generic;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>A change the migration would make to one meeting (what -WhatIf lists).</summary>
    public sealed class PlannedChange
    {
        public string EventId { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTime? StartUtc { get; set; }
        /// <summary>The type of the block the meeting shows now.</summary>
        public Blocks.MeetingKind MeetingKind { get; set; }
        public string Action { get; set; } = "";
    }

    /// <summary>Progress of one request, reported while it runs.</summary>
    public sealed class MigrationProgress
    {
        public string UserPrincipalName { get; set; } = "";
        public int MeetingsSeen { get; set; }
        public int MeetingsDone { get; set; }
        public string? CurrentSubject { get; set; }
        /// <summary>The whole calendar has been read: MeetingsSeen is the total, so done ÷ seen is a percentage.</summary>
        public bool CalendarRead { get; set; }
    }

    /// <summary>What one attempt at a request came to.</summary>
    public sealed class AttemptResult
    {
        public bool Succeeded { get; set; }
        public int TotalMeeting { get; set; }
        public int SucceededMeeting { get; set; }
        public int FailedMeeting { get; set; }
        public int InvitesUpdate { get; set; }
        public int SkippedTooManyAttendees { get; set; }
        /// <summary>Those skipped meetings, each as <see cref="Errors.MeetingLabel"/> names it (LastMessage names the first few).</summary>
        public List<string> SkippedMeetings { get; } = new List<string>();
        /// <summary>Online meetings whose body shows no block to rewrite, each as <see cref="Errors.MeetingLabel"/> names it.</summary>
        public List<string> SkippedWithoutBlock { get; } = new List<string>();
        /// <summary>
        /// An undo that stopped because a migration of its user was queued after it: it ends Failed, without a retry (run on,
        /// it would take back what the migration writes).
        /// </summary>
        public bool ReplacedByMigration { get; set; }
        /// <summary>Failed meetings a retry may fix (Graph errors); the others need a change first.</summary>
        public int TransientFailures { get; set; }
        /// <summary>
        /// The latest end of a wait Graph asked for (Retry-After) on a failure of this attempt: a retry before it meets the
        /// same throttling, so the worker schedules none earlier.
        /// </summary>
        public DateTime? RetryNotBefore { get; set; }

        /// <summary>Keeps the later of the two ends.</summary>
        public void WaitUntil(DateTime? end)
        {
            if (end != null && (RetryNotBefore == null || end > RetryNotBefore)) RetryNotBefore = end;
        }
        public Guid? ResolvedUserId { get; set; }
        /// <summary>
        /// The directory could not answer whether the user exists (Graph refused or failed the look-up): the user may well
        /// exist, so a reconciliation says "not checked", never "no such user".
        /// </summary>
        public bool UserLookupFailed { get; set; }

        /// <summary>
        /// The directory answered that there is no such user (a request queued unchecked: without Graph, or while the look-up
        /// was throttled). A retry would find the same, so none is scheduled: it was retried for up to a day (outside probe M).
        /// </summary>
        public bool UserNotFound { get; set; }

        /// <summary>The attempt's end when the directory has no such user (<see cref="UserNotFound"/>).</summary>
        public AttemptResult NoSuchUser(string userPrincipalName)
        {
            Succeeded = false;
            UserNotFound = true;
            LastMessage = $"User {Errors.QuotedValue.Of(userPrincipalName)} does not exist in the directory.";
            return this;
        }

        /// <summary>
        /// The attempt's first call, the directory look-up, failed on a directory that stays busy (past the call's own
        /// retries): said as such, for the request's retry to try again, not as an unexpected error of the worker. Both
        /// kinds of request (a migration, an undo) say it alike.
        /// </summary>
        public AttemptResult LookupFailed(string userPrincipalName, Graph.GraphCallException failure)
        {
            Succeeded = false;
            UserLookupFailed = true;
            LastMessage = $"Looking up {Errors.QuotedValue.Of(userPrincipalName)} in the directory failed: {Errors.QuotedValue.Inert(failure.Said(), 660)}";
            return this;
        }
        public string? ResolvedUserPrincipalName { get; set; }
        public string LastMessage { get; set; } = "";
        /// <summary>
        /// True when the calendar was read from now to the horizon and every in-scope meeting was handed to the migrator;
        /// false when the attempt stopped before (user unknown, mailbox unreachable, a page that could not be read).
        /// </summary>
        public bool CalendarRead { get; set; }
        public List<PlannedChange> Planned { get; } = new List<PlannedChange>();
        /// <summary>The meetings that failed, one entry each (LastMessage names the first few).</summary>
        public List<MeetingFailure> Failures { get; } = new List<MeetingFailure>();
        /// <summary>Events of the calendar left alone, by reason (not the organizer, cancelled, begun, not an online meeting...).</summary>
        public Dictionary<string, int> LeftAlone { get; } = new Dictionary<string, int>(StringComparer.Ordinal);
    }
}
