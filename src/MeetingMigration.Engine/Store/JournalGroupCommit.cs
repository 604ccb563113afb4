using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// Journal rows of this process written together: a caller's row joins the rows waiting at that moment and they
    /// commit in one transaction; each caller's task completes only once its row is committed, so the Attempting row is
    /// still durable before the PATCH it announces (exactly once). With hundreds of meetings in flight, one transaction per
    /// row made the journal a third of the engine's CPU per meeting (issue 9).
    /// </summary>
    internal sealed class JournalGroupCommit
    {
        /// <summary>Rows per transaction at most, so one commit stays short and the next waiting rows are not held long.</summary>
        private const int MaxBatch = 256;
        private readonly object _gate = new object();
        private readonly Queue<(JournalEntry Entry, TaskCompletionSource<bool> Committed)> _pending = new Queue<(JournalEntry, TaskCompletionSource<bool>)>();
        private readonly Func<IReadOnlyList<JournalEntry>, IReadOnlyList<bool>> _writeBatch;
        private bool _writing;

        /// <param name="writeBatch">Writes the rows in one transaction; false for a row its lease fence refused.</param>
        public JournalGroupCommit(Func<IReadOnlyList<JournalEntry>, IReadOnlyList<bool>> writeBatch) => _writeBatch = writeBatch;

        public Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var committed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _pending.Enqueue((entry, committed));
                if (_writing) return committed.Task; // the writer at work takes it in its next batch
                _writing = true;
            }
            WriteOneBatch();
            return committed.Task;
        }

        /// <summary>Writes what is waiting (up to a batch); rows that arrive meanwhile are written by a thread-pool item, not by this caller.</summary>
        private void WriteOneBatch()
        {
            var batch = new List<(JournalEntry Entry, TaskCompletionSource<bool> Committed)>();
            lock (_gate)
                while (batch.Count < MaxBatch && _pending.Count > 0) batch.Add(_pending.Dequeue());
            try
            {
                var entries = new List<JournalEntry>(batch.Count);
                foreach (var item in batch) entries.Add(item.Entry);
                var written = _writeBatch(entries);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (written[i]) batch[i].Committed.TrySetResult(true);
                    else batch[i].Committed.TrySetException(new LeaseLostException(batch[i].Entry.CorrelationId));
                }
            }
            catch (Exception e)
            {
                foreach (var item in batch) item.Committed.TrySetException(e);
            }
            bool more;
            lock (_gate)
            {
                more = _pending.Count > 0;
                if (!more) _writing = false;
            }
            if (more) ThreadPool.QueueUserWorkItem(_ => WriteOneBatch());
        }
    }
}
