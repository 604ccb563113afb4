using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// For -WhatIf: the user's requests a migration queued now would replace, named as the real run's warning names them (an
    /// outside re-probe: -WhatIf said nothing of them). An undo's is said as such: the migration would write again what that
    /// undo is to take back, or took back.
    /// </summary>
    internal static class ReplacedRequestsPreview
    {
        private static bool IsUndo(MigrationRequest r) => r.Trigger.Contains(TriggerNames.Undo);

        /// <summary>"; {lead} …" ("; it replaces …"), or "" when nothing would be replaced.</summary>
        /// <param name="user">The user's requests: any state (only Pending and InProgress ones are looked at).</param>
        /// <param name="storeNow">The store's time: a stopped undo is one whose lease has run out by it.</param>
        /// <param name="migration">How the sentence names the migration: "this migration", "a migration it queues".</param>
        /// <param name="stoppedResumedFirst">
        /// How a stopped undo that the store leaves to resume first was stopped: "inside a restore" (one it never saw the end of),
        /// "after putting meetings back" (a Pending one too: any text), "to finish what the Failed undo … put back" (a Pending
        /// one queued after an undo that put meetings back ended Failed); null for one a new migration ends (nothing put back yet).
        /// </param>
        /// <param name="source">What the migration selects: one of a kind leaves the undos to run and replaces only that kind's retries.</param>
        /// <param name="lead">The words before the list.</param>
        public static string Note(IEnumerable<MigrationRequest> user, DateTime storeNow, string migration, Func<Guid, string?> stoppedResumedFirst,
            Engine.Model.SourceMeetingType source = Engine.Model.SourceMeetingType.All, string lead = "it replaces")
        {
            var all = user.ToList();
            // An undo the store queued ahead of a migration to finish a Failed undo's series is not replaced: it runs first, as
            // queued (outside probe K: -WhatIf said a second Start "replaces" it).
            var finishing = all.Where(r => r.QueuedFor != null && r.State is Engine.Model.MigrationState.Pending or Engine.Model.MigrationState.InProgress)
                .Select(r => $"the undo {r.CorrelationId:D}, queued to run before request {r.QueuedFor:D} to finish what a Failed undo put back, runs first (it puts back nothing else)")
                .ToList();
            var requests = all.Where(r => r.QueuedFor == null).ToList();
            var oneKind = source != Engine.Model.SourceMeetingType.All;
            // An undo that has put meetings back runs first (queued again after Graph was unreachable, or waiting for its
            // retry, which is brought forward) and stops before its next meeting, a series it has put back finished first
            // (the store's UnfinishedUndo): said as the real run warns.
            const string runsFirst = "it runs first and stops before its next meeting, a series it has put back finished first";
            var queued = requests.Where(r => r.State == Engine.Model.MigrationState.Pending
                                             && (IsUndo(r) ? !oneKind : r.AwaitingRetry && (!oneKind || r.SourceMeetingType == source))).Select(r => !IsUndo(r)
                ? $"the waiting retry of request {r.CorrelationId:D}"
                : stoppedResumedFirst(r.CorrelationId) is string how
                ? (how.StartsWith("to finish", StringComparison.Ordinal)
                    ? $"the undo {r.CorrelationId:D}, queued {how} ({runsFirst}; {migration} writes again what it restores)"
                    : $"the undo {r.CorrelationId:D}, {(r.AwaitingRetry ? "waiting for its retry" : "queued again")} after putting meetings back ({runsFirst}; {migration} writes again what it restored)")
                : r.AwaitingRetry
                ? $"the waiting retry of the undo {r.CorrelationId:D} ({migration} would write again what that undo is to take back)"
                : $"the undo {r.CorrelationId:D}, queued and not finished ({migration} would write again what that undo is to take back)");
            // An undo stopped part-way that no worker holds, having put nothing back, is replaced too; one running, or stopped
            // inside a restore or after putting meetings back (resumed first), stops before its next meeting, a series it has
            // put back finished first: said as the real run warns (an outside re-probe: -WhatIf was silent where the run warned).
            var stopped = requests.Where(r => !oneKind && r.State == Engine.Model.MigrationState.InProgress && IsUndo(r)).Select(r =>
                r.HeldAt(storeNow) ? $"the undo {r.CorrelationId:D}, running (it stops before its next meeting, a series it has put back finished first; {migration} writes again what it restored)"
                : stoppedResumedFirst(r.CorrelationId) is string how ? $"the undo {r.CorrelationId:D}, stopped {how} (resumed first, it stops before its next meeting, a series it has put back finished first; {migration} writes again what it restored)"
                : $"the undo {r.CorrelationId:D}, stopped part-way ({migration} would write again what that undo took back)");
            var notes = queued.Concat(stopped).ToList();
            return (notes.Count == 0 ? "" : $"; {lead} {string.Join(" and ", notes)}") + string.Concat(finishing.Select(f => "; " + f));
        }
    }
}
