using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Runs actions posted from any thread on the one thread that waits in <see cref="RunUntil"/> (the pipeline thread,
    /// the only thread PowerShell allows Write* on). The waiting thread sleeps until an action arrives or the task
    /// completes: the task's completion wakes it, so a call that finishes in a millisecond returns in a millisecond
    /// (the old wait polled in 50 ms slices, a floor under every cmdlet call).
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private readonly object _gate = new object();
        private readonly Queue<Action> _actions = new Queue<Action>();
        private bool _closed;

        /// <summary>
        /// Queues an action for the pipeline thread. After <see cref="Close"/> it is dropped: a late report (a
        /// Progress&lt;T&gt; callback the thread pool delivers after the work ended) must not throw on a pool thread.
        /// </summary>
        public void Post(Action action)
        {
            lock (_gate)
            {
                if (_closed) return;
                _actions.Enqueue(action);
                Monitor.Pulse(_gate);
            }
        }

        /// <summary>Runs posted actions, in order, until the task has completed and nothing posted before that is left.</summary>
        public void RunUntil(Task task)
        {
            // The continuation takes the gate, so it cannot pulse between our check of IsCompleted and our Wait.
            task.ContinueWith(_ => { lock (_gate) Monitor.PulseAll(_gate); },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (true)
            {
                Action next;
                lock (_gate)
                {
                    while (_actions.Count == 0 && !task.IsCompleted) Monitor.Wait(_gate);
                    if (_actions.Count == 0) return;
                    next = _actions.Dequeue();
                }
                next(); // outside the gate: a Write* may block on the host (paging, a slow console)
            }
        }

        /// <summary>The cmdlet is done: later posts are dropped and anything still queued is discarded.</summary>
        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                _actions.Clear();
            }
        }
    }
}
