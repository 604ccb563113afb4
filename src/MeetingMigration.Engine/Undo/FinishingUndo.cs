using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// What an undo the store queued by itself ahead of a migration of every kind says (MigrationRequest.QueuedFor): it
    /// finishes what undos of the user that ended Failed put back, a series' occurrences moved since that still show the
    /// block those undos were taking back, and nothing else, so the migration after it writes such a series in one kind.
    /// </summary>
    internal static class FinishingUndo
    {
        /// <summary>Its message while it waits to run.</summary>
        public static string QueuedNote(Guid failedUndo, Guid migration) =>
            $"Queued with request {migration:D}, a migration, to run before it: the undo {failedUndo:D} ended Failed after putting " +
            "meetings back, and a series it put back may keep occurrences moved since that show the block it was taking back. This undo puts " +
            "those back and nothing else, so the migration leaves each such series in one kind (not an occurrence changed since: it is left as it is).";

        /// <summary>Its message once an attempt ran.</summary>
        /// <param name="anyFailed">Whether some were not restored (said after this).</param>
        public static string Summary(IReadOnlyCollection<Guid> failedUndos, Guid migration, int restored, bool anyFailed)
        {
            var named = failedUndos.Count == 0 ? "the undos that ended Failed" : string.Join(" and ", failedUndos.Select(u => $"the undo {u:D}"));
            var lead = $"Queued before request {migration:D} (a migration) to finish what {named} put back: ";
            return restored > 0
                ? lead + $"{restored} meeting(s) restored, occurrences moved since of a series put back that still showed the block it was taking back."
                : anyFailed ? lead + "0 meeting(s) restored."
                : lead + "nothing was left to put back, no series it put back has an occurrence moved since that still shows the block it was taking back.";
        }

        /// <summary>Its message once taken out of the queue before it ran (Stop-CsMeetingMigration).</summary>
        public static string StoppedNote(Guid migration) =>
            $"Taken out of the queue (Stop-CsMeetingMigration) before it ran; it had been queued to run before request {migration:D} (a migration) " +
            "to finish what an undo that ended Failed put back. That migration writes each meeting of such a series in the kind it shows (a series " +
            "of two kinds).";

        /// <summary>
        /// Added to the message of an undo that ended Failed when the finishing undo settled restores it had announced (from
        /// the meetings' markers, in its journal): its counts are redone from that journal, which now holds them (they said 0
        /// updates for a restore that had gone out).
        /// </summary>
        public static string SettledSinceNote(Guid finishingUndo, int settled) =>
            $" Since it ended, the undo {finishingUndo:D} settled {settled} restore(s) it had announced, from the meetings' markers; its counts include them now.";

        /// <summary>Added when some were not restored: what the migration does with them if this undo does not finish.</summary>
        public static string FailedNote(Guid migration) =>
            $" Request {migration:D} waits while a retry of this undo is to come; if none is, it writes each meeting of such a series in the kind it " +
            "shows (a series of two kinds).";
    }
}
