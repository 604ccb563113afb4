using System.Threading;
using MeetingMigration.Engine.Migration;

namespace MeetingMigration.Engine.Worker
{
    /// <summary>Passes an attempt's progress on to whoever asked for it and keeps the latest report (the worker's stop message uses it).</summary>
    internal sealed class LatestProgress : System.IProgress<MigrationProgress>
    {
        private readonly System.IProgress<MigrationProgress>? _next;
        private MigrationProgress? _last;

        public LatestProgress(System.IProgress<MigrationProgress>? next) => _next = next;

        /// <summary>The latest report; reports of one attempt come from several meetings' tasks, so the one kept has the most done.</summary>
        public MigrationProgress? Last => Volatile.Read(ref _last);

        public void Report(MigrationProgress value)
        {
            MigrationProgress? seen;
            do
            {
                seen = Volatile.Read(ref _last);
                if (seen != null && seen.MeetingsDone > value.MeetingsDone) break;
            } while (Interlocked.CompareExchange(ref _last, value, seen) != seen);
            _next?.Report(value);
        }
    }
}
