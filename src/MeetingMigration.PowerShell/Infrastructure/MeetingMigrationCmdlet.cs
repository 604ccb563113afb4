using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of every MeetingMigration cmdlet: Ctrl+C cancels engine work (StopProcessing), engine errors become
    /// ErrorRecords in one place, and engine callbacks (progress, verbose) are queued and written on the pipeline thread,
    /// the only thread PowerShell allows Write* on.
    /// </summary>
    public abstract class MeetingMigrationCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _pipelineWork = new BlockingCollection<Action>();

        private ModuleSession? _session;

        /// <summary>This runspace's connection, captured on the pipeline thread so engine work on other threads can use it.</summary>
        internal ModuleSession Session => _session ??= ModuleSession.Current;

        protected override void BeginProcessing() => _session = ModuleSession.Current;
        protected CancellationToken CancellationToken => _cancellation.Token;

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Runs engine work to completion while writing what it reports (through Post) on this thread.</summary>
        protected T RunBlocking<T>(Func<CancellationToken, Task<T>> work)
        {
            var task = Task.Run(() => work(_cancellation.Token));
            // Wait in short slices rather than on a completion callback, so nothing touches the queue once the cmdlet is done.
            while (!task.IsCompleted)
            {
                if (_pipelineWork.TryTake(out var action, 50)) action();
            }
            while (_pipelineWork.TryTake(out var pending)) pending();
            if (task.IsCanceled || (_cancellation.IsCancellationRequested && task.IsFaulted && task.Exception!.GetBaseException() is OperationCanceledException))
                throw new PipelineStoppedException();
            return task.GetAwaiter().GetResult();
        }

        protected void RunBlocking(Func<CancellationToken, Task> work) =>
            RunBlocking<bool>(async token => { await work(token).ConfigureAwait(false); return true; });

        /// <summary>Queues a Write* call from any thread; it runs on the pipeline thread inside RunBlocking.</summary>
        protected void Post(Action write) => _pipelineWork.Add(write);

        /// <summary>Runs work and turns an engine failure into a terminating error.</summary>
        protected T Terminating<T>(Func<CancellationToken, Task<T>> work, object? target)
        {
            try
            {
                return RunBlocking(work);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(Explain(e), target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Runs work for one pipeline item; a failure is written as a non-terminating error and the next item goes on.</summary>
        protected bool NonTerminating(Func<CancellationToken, Task> work, object? target)
        {
            try
            {
                RunBlocking(work);
                return true;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteError(ErrorMapper.ToErrorRecord(Explain(e), target));
                return false;
            }
        }

        /// <summary>A failure of the session's Graph connection in the admin's terms (GraphUnreachable naming the endpoint).</summary>
        private Exception Explain(Exception failure) => Session.Graph?.Explain(failure) ?? failure;

        /// <summary>
        /// Runs a quick synchronous engine call (parsing, validation) for one pipeline item; a failure is written as a
        /// non-terminating error, so one bad line of a list does not stop the others.
        /// </summary>
        protected bool Checked<T>(Func<T> work, object? target, out T result)
        {
            try
            {
                result = work();
                return true;
            }
            catch (MeetingMigrationException e)
            {
                WriteError(ErrorMapper.ToErrorRecord(e, target));
                result = default!;
                return false;
            }
        }

        /// <summary>Runs a quick synchronous engine call (parsing, validation); a failure is a terminating error.</summary>
        protected T Terminating<T>(Func<T> work, object? target)
        {
            try
            {
                return work();
            }
            catch (MeetingMigrationException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, target));
                throw; // not reached
            }
        }

        public void Dispose()
        {
            _cancellation.Dispose();
            _pipelineWork.Dispose();
        }
    }
}
