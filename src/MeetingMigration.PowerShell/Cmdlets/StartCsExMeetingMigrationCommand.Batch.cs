using System.Collections.Generic;
using System.Threading.Tasks;
using System.Diagnostics;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// Batching: `Import-Csv users.csv | Start-CsExMeetingMigration` collects the checked users as the pipeline streams and
    /// queues them a batch at a time, one store transaction per batch, so a 10,000-line CSV pays about 20 commits instead
    /// of 10,000. Each user still gets its own output (-PassThru), verbose line and error, in input order.
    /// </summary>
    public sealed partial class StartCsExMeetingMigrationCommand
    {
        /// <summary>Large enough to make the commit cost vanish, small enough that one transaction holds the store briefly.</summary>
        internal const int BatchSize = 500;
        /// <summary>A slow upstream (a script reading a directory page by page) still sees its users queued within a second or so.</summary>
        private const long BatchAgeMilliseconds = 1000;

        /// <summary>
        /// The size the batch being collected is queued at: one user first, then twice as many each time, up to
        /// <see cref="BatchSize"/>. Found by outside probe P: `... | Start-CsExMeetingMigration -PassThru | Select-Object
        /// -First 1` (a pilot of one) queued 500 users, whose records come only once their batch is committed, and a later
        /// command that threw on the 10th record left 490 users queued that the script never saw. Now a downstream stop
        /// leaves queued at most about as many users again as the records it took; 10,000 lines pay 9 more commits.
        /// </summary>
        private int _nextBatchSize = 1;

        private readonly List<EnqueueRequest> _batch = new List<EnqueueRequest>();
        private readonly Stopwatch _batchAge = new Stopwatch();

        /// <summary>
        /// Directory look-ups in flight at once, with Graph connected. One after another, a 1,500-line CSV took 4.5 minutes
        /// at 180 ms per Graph call (outside probe of bulk scripting); the directory's limits are per tenant and generous.
        /// </summary>
        private const int LookUpsAtOnce = 16;
        /// <summary>Lines whose look-ups have started but are not yet collected, in input order (so are their results).</summary>
        private const int LookUpsPending = 4 * LookUpsAtOnce;

        private readonly List<(Task<EnqueueRequest> LookUp, string Identity)> _lookUps = new List<(Task<EnqueueRequest>, string)>();
        private readonly System.Threading.SemaphoreSlim _lookUpSlots = new System.Threading.SemaphoreSlim(LookUpsAtOnce);

        /// <summary>Starts the user's directory look-up; its result (or error) is taken in input order by <see cref="CollectLookUps"/>.</summary>
        private void LookUp(Engine.Administration.MigrationAdmin admin, Engine.Model.UserIdentity user, string identity)
        {
            var token = CancellationToken;
            var (source, target) = (Source, Target);
            _lookUps.Add((Task.Run(async () =>
            {
                await _lookUpSlots.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    return await SayingNothingQueued(admin.PrepareStartAsync(user, source, target, token)).ConfigureAwait(false);
                }
                finally
                {
                    _lookUpSlots.Release();
                }
            }, token), identity));
            if (_lookUps.Count >= LookUpsPending) CollectLookUps();
        }

        /// <summary>Takes the started look-ups in input order: each user into the batch, or its error written on its own line.</summary>
        private void CollectLookUps()
        {
            var started = _lookUps.ToArray();
            _lookUps.Clear();
            foreach (var (lookUp, identity) in started)
            {
                EnqueueRequest? prepared = null;
                if (NonTerminating(async _ => prepared = await lookUp.ConfigureAwait(false), identity)) Collect(prepared!);
            }
        }

        private void Collect(EnqueueRequest request)
        {
            if (_batch.Count == 0) _batchAge.Restart();
            _batch.Add(request);
            if (_batch.Count >= _nextBatchSize || _batchAge.ElapsedMilliseconds >= BatchAgeMilliseconds) FlushBatch();
        }

        protected override void EndProcessing()
        {
            _ended = true;
            CollectLookUps();
            FlushBatch();
            FinishWaiting();
        }

        private bool _ended;

        /// <summary>
        /// The lines read before the pipeline ended without EndProcessing are queued. Found by outside probe V (HIGH): a line
        /// the parameter binder refuses (a SourceMeetingType of 'Skype', an empty Identity) never reaches this cmdlet, so with
        /// -ErrorAction Stop its error ended the pipeline with neither OnItemFailing nor EndProcessing run, and the open batch
        /// (up to 500 good lines before the bad one) was silently not queued, though the help says the lines before a bad one
        /// are. Nothing can be written here (no -PassThru record or verbose line for them), so a failure to queue them is not
        /// said either; the look-ups still running are waited for a little, and those that fail are left out. Not after a stop
        /// (Ctrl+C, SIGTERM): a stop queues nothing more.
        /// </summary>
        protected override void OnDisposing()
        {
            if (_ended || StopRequested) return;
            foreach (var (lookUp, _) in _lookUps)
            {
                try
                {
                    if (lookUp.Wait(System.TimeSpan.FromSeconds(10))) _batch.Add(lookUp.Result);
                }
                catch (System.AggregateException) { } // that line's own error; it was not queued
            }
            _lookUps.Clear();
            if (_batch.Count == 0) return;
            var batch = _batch.ToArray();
            _batch.Clear();
            var admin = Session.Admin;
            try
            {
                Task.Run(() => admin.StartManyAsync(batch, System.Threading.CancellationToken.None)).GetAwaiter().GetResult();
            }
            catch (System.Exception e) when (!(e is System.OutOfMemoryException))
            {
                // The pipeline has ended: there is no stream left to say it on.
            }
        }

        /// <summary>
        /// Before an error is written for a line, the lines before it are queued: with -ErrorAction Stop the error ends the
        /// pipeline, and the users before the bad line must be queued as they were when each line was its own transaction.
        /// </summary>
        protected override void OnItemFailing()
        {
            // The lines before this one first: their look-ups, then their batch (a look-up's own error comes here too, with
            // the earlier look-ups already taken, so this takes none twice).
            if (_lookUps.Count > 0) CollectLookUps();
            FlushBatch();
        }

        private void FlushBatch()
        {
            if (_batch.Count == 0) return;
            var batch = _batch.ToArray();
            _batch.Clear();
            _nextBatchSize = System.Math.Min(BatchSize, _nextBatchSize * 2);
            var admin = Session.Admin;
            IReadOnlyList<Engine.Administration.StartOutcome>? outcomes = null;
            try
            {
                outcomes = RunBlocking(token => admin.StartManyAsync(batch, token));
            }
            catch (System.Exception e) when (!(e is System.Management.Automation.PipelineStoppedException))
            {
                // The transaction rolled back: none of the batch was queued, so each of its users gets the error.
                var failure = Explain(e);
                foreach (var request in batch) WriteError(ErrorMapper.ToErrorRecord(failure, request.User.Original));
                return;
            }
            foreach (var outcome in outcomes)
            {
                if (outcome.Refused != null) WriteError(ErrorMapper.ToErrorRecord(outcome.Refused, outcome.Request.User.Original));
                else WriteQueued(outcome.Queued!);
            }
        }

        private void WriteQueued(EnqueueResult queued)
        {
            WriteVerbose(queued.Resumed
                ? $"{queued.Request.UserPrincipalName} has a request that was stopped part-way ({queued.Request.CorrelationId}, InProgress, held by no worker); it resumes, skipping what it did."
                : queued.Merged
                ? $"{queued.Request.UserPrincipalName} already had a Pending request ({queued.Request.CorrelationId}); this one was merged into it."
                : $"Queued {queued.Request.UserPrincipalName} as request {queued.Request.CorrelationId}.");
            // A replaced retry is said: of an undo with a warning, since this migration writes again what that undo was to
            // take back (outside re-probe: nothing said so).
            var user = queued.Request.UserPrincipalName;
            var by = queued.Request.CorrelationId;
            if (queued.UserNotCheckedBecause is string reason)
                WriteWarning($"{user} was queued without being checked in the directory, which did not answer: {reason}. " +
                             $"The worker checks the user when request {by:D} runs (UserNotFound then, if there is no such user), and retries while Graph stays busy.");
            foreach (var (replaced, isUndo) in queued.ReplacedRetries)
            {
                if (isUndo) WriteWarning(QueuedMigrationReport.ReplacedUndo(user, replaced, "waiting for its retry", $"request {by:D}", by));
                else WriteVerbose($"{user}: the waiting retry of request {replaced:D} was replaced by this request (it is now Failed).");
            }
            // An undo queued before and not finished (or handed back while Graph was down) is replaced too: run after this
            // migration it would take back what it writes (outside re-probe: one did, and mailed everyone again).
            foreach (var replaced in queued.ReplacedUndos)
                WriteWarning(QueuedMigrationReport.ReplacedUndo(user, replaced, "queued before and not finished", $"request {by:D}", by));
            foreach (var undo in queued.UndosLeftToStopOrShare)
                QueuedMigrationReport.WriteUndoLeft(this, undo, queued.Request, $"request {by:D}");
            if (queued.FinishingUndo is { } finishing)
                WriteWarning(QueuedMigrationReport.FinishingUndoWarning(user, finishing.FailedUndo, finishing.Undo, by));
            if (PassThru && !Wait) WriteObject(new MeetingMigrationStatus(queued.Request));
        }
    }
}
