using System.Collections.Generic;
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

        private readonly List<EnqueueRequest> _batch = new List<EnqueueRequest>();
        private readonly Stopwatch _batchAge = new Stopwatch();

        private void Collect(EnqueueRequest request)
        {
            if (_batch.Count == 0) _batchAge.Restart();
            _batch.Add(request);
            if (_batch.Count >= BatchSize || _batchAge.ElapsedMilliseconds >= BatchAgeMilliseconds) FlushBatch();
        }

        protected override void EndProcessing()
        {
            FlushBatch();
            FinishWaiting();
        }

        /// <summary>
        /// Before an error is written for a line, the lines before it are queued: with -ErrorAction Stop the error ends the
        /// pipeline, and the users before the bad line must be queued as they were when each line was its own transaction.
        /// </summary>
        protected override void OnItemFailing() => FlushBatch();

        private void FlushBatch()
        {
            if (_batch.Count == 0) return;
            var batch = _batch.ToArray();
            _batch.Clear();
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
            if (PassThru && !Wait) WriteObject(new MeetingMigrationStatus(queued.Request));
        }
    }
}
