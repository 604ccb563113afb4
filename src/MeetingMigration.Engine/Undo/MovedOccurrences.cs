using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// The occurrences of a restored series that its organizer moved (or edited on their own) after the migration. Exchange
    /// makes such an occurrence an exception that starts with the series' body of that moment: the migration's block. The
    /// journal names only the series, so an undo put the earlier block back in the series and left those occurrences
    /// showing the details it took back, while their attendees were mailed about the series (an outside re-probe).
    /// </summary>
    internal sealed class MovedOccurrences
    {
        private readonly IMailboxGateway _gateway;
        private readonly MeetingRestorer _restorer;
        private readonly string _mailbox;
        private readonly Guid _undo;
        private readonly IClock _clock;
        private readonly IReadOnlyDictionary<string, JournalEntry> _latest;
        /// <summary>
        /// Meetings looked at already, or journaled on their own (the undo's targets; those a later request migrated): an
        /// exception that existed when the series was migrated was migrated on its own, and is restored (or refused) as such.
        /// </summary>
        private readonly HashSet<string> _handled;
        /// <summary>Occurrences put back over a later migration's own write (see <see cref="RestoreAsync"/>), each once.</summary>
        private readonly HashSet<string> _overLater = new HashSet<string>(StringComparer.Ordinal);

        public MovedOccurrences(IMailboxGateway gateway, MeetingRestorer restorer, string mailbox, Guid undo, IClock clock,
            IReadOnlyDictionary<string, JournalEntry> latest, IEnumerable<string> journaledOnTheirOwn)
        {
            _gateway = gateway;
            _restorer = restorer;
            _mailbox = mailbox;
            _undo = undo;
            _clock = clock;
            _latest = latest;
            _handled = new HashSet<string>(journaledOnTheirOwn, StringComparer.Ordinal);
        }

        /// <summary>
        /// A meeting journaled on its own that the undo's list passed over without settling this undo's interrupted restore
        /// of it (an occurrence moved since, which a later migration had written: the list leaves it to that migration, and
        /// the restore was the series walk's). The walk settles it from its marker, as it does its other interrupted
        /// restores (an outside probe: left Attempting for good, and uncounted).
        /// </summary>
        public void Release(string eventId) => _handled.Remove(eventId);

        /// <summary>
        /// Restores the occurrences of <paramref name="series"/> ahead that show exactly the block the migration wrote, each
        /// once; a resumed undo counts those it restored before. Occurrences that show anything else are not looked at again.
        /// </summary>
        /// <param name="knownMaster">
        /// The series was restored by this call (its restorer saw a series master). False for a meeting an earlier attempt of
        /// this undo restored: the journal does not say which meetings are series, so Graph is asked.
        /// </param>
        /// <param name="undone">
        /// The undone migration's row for the series (the one taken back; <paramref name="series"/> too, unless the series was
        /// put back over a later migration's write). An occurrence that a later migration not selecting the block put back
        /// wrote on its own over the undone migration's block (moved since, it carried the series' block), or announced such a
        /// write and was stopped, is put back over it; and one showing the undone migration's block still is restored when the
        /// series was put back over the later write. Found by outside probes: the series was put back and the occurrence left a
        /// Teams meeting with the new details, said nowhere; the same when that migration's -Wait session was stopped.
        /// </param>
        public async Task<IReadOnlyList<(JournalEntry Occurrence, MeetingResult Outcome)>> RestoreAsync(JournalEntry series, bool knownMaster, CancellationToken cancellationToken,
            JournalEntry? undone = null)
        {
            var results = new List<(JournalEntry, MeetingResult)>();
            if (!knownMaster)
            {
                var meeting = await _gateway.GetEventAsync(_mailbox, series.EventId, series.WrittenBodyFormat, cancellationToken).ConfigureAwait(false);
                if (meeting?.Type != "seriesMaster") return results;
            }
            var now = _clock.UtcNow;
            var exceptions = await _gateway.ReadExceptionsAsync(_mailbox, series.EventId, now, now + MeetingRestorer.SeriesLookAhead, cancellationToken).ConfigureAwait(false);
            foreach (var occurrence in exceptions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _latest.TryGetValue(occurrence.Id, out var last);
                var overLater = undone != null && last != null && WrittenOverUndoneBlockByLater(last, undone);
                if (overLater ? !_overLater.Add(occurrence.Id) : !_handled.Add(occurrence.Id)) continue;
                _handled.Add(occurrence.Id);
                if (overLater)
                {
                    var laterWrite = last!;
                    var over = series.OverLaterWrite(laterWrite); // what the later migration wrote (or announced) in this occurrence
                    // Its write announced and never seen to the end: the occurrence shows it, or still the undone block.
                    var put = await _restorer.RestoreMovedOccurrenceAsync(over, occurrence, interrupted: false, cancellationToken, orShowing: undone!.NewBlockHash,
                        laterAttempt: laterWrite.Outcome == MeetingOutcome.Attempting ? laterWrite : null).ConfigureAwait(false);
                    if (put.Kind != MeetingResultKind.Ignored) // one changed since, or over: none of this undo's business, as below
                        results.Add((new JournalEntry { EventId = occurrence.Id, Subject = occurrence.Subject, Start = occurrence.StartUtc }, put));
                    continue;
                }
                var mine = last != null && last.CorrelationId == _undo;
                // Written since by another request (a migration's Updated row, another undo's restore): that row's, whatever it
                // shows now. An outside probe: an undo run again after a Failed one restored again an occurrence the first had
                // restored and its organizer had then set back by hand, and mailed its attendees a third time. Except an undo's
                // restore that put this migration's own block back (the undo of a later migration that rewrote the occurrence):
                // this migration's to take back still, as the plan counts it (a re-probe: undoing the later migration and then
                // this one left the occurrence with this one's block, and no undo could reach it).
                if (last != null && !mine && last.IsWrite && !(last.IsUndoWrite && last.NewBlockHash == series.NewBlockHash)) continue;
                MeetingResult outcome;
                if (mine && last!.Outcome == MeetingOutcome.Restored)
                    outcome = new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true); // by an earlier attempt
                else if (mine && last!.Outcome == MeetingOutcome.AlreadyUpdated)
                    outcome = new MeetingResult(MeetingResultKind.AlreadyCurrent);
                else
                {
                    var interrupted = mine && last!.Outcome == MeetingOutcome.Attempting;
                    // Put back over a later write, the series expects that write's block; an occurrence the later migration
                    // did not reach still shows the undone one. An interrupted restore of this undo: the block it found there.
                    var orShowing = interrupted ? BlockFingerprint.Compute(last!.OldBlock) : undone != null && undone.NewBlockHash != series.NewBlockHash ? undone.NewBlockHash : null;
                    outcome = await _restorer.RestoreMovedOccurrenceAsync(series, occurrence, interrupted, cancellationToken, orShowing, interrupted ? last!.OldBlock : null)
                        .ConfigureAwait(false);
                }
                // One that shows anything else, or is over, is none of this undo's business: not counted, not mentioned. One
                // left to a later migration is said (UndoProcessor).
                if (outcome.Kind != MeetingResultKind.Ignored || outcome.LeftToLaterMigration != null)
                    results.Add((new JournalEntry { EventId = occurrence.Id, Subject = occurrence.Subject, Start = occurrence.StartUtc }, outcome));
            }
            return results;
        }

        /// <summary>
        /// The occurrence's latest row is a write (or one announced and never seen to its end) of a migration queued after this
        /// undo that found the block the undone migration wrote in the series (so the occurrence carried it, moved since) and
        /// does not select the block put back.
        /// </summary>
        private bool WrittenOverUndoneBlockByLater(JournalEntry last, JournalEntry undone)
        {
            if ((last.Outcome != MeetingOutcome.Updated && last.Outcome != MeetingOutcome.Attempting) || last.OldBlock.Length == 0 || !(undone.Kind is MeetingKind kind)) return false;
            var later = _restorer.Later.Requests.FirstOrDefault(r => r.CorrelationId == last.CorrelationId);
            return later != null && !LaterMigrations.Selects(later, kind) && BlockFingerprint.Compute(last.OldBlock) == undone.NewBlockHash;
        }
    }
}
