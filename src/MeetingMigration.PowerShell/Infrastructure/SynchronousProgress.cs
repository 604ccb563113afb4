using System;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Reports on the engine's own thread, in order. Progress&lt;T&gt; would hand each report to the thread pool, where
    /// it can arrive after the cmdlet's RunBlocking has finished draining its queue (and the queue is disposed).
    /// </summary>
    internal sealed class SynchronousProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public SynchronousProgress(Action<T> report) => _report = report;

        public void Report(T value) => _report(value);
    }
}
