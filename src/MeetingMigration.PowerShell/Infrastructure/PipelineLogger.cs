using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The engine's logging, shown in the session: Graph retries and throttling waits, pages read, what an attempt did.
    /// One logger serves the whole session (the Graph connection outlives cmdlets); each message goes to the cmdlet whose
    /// engine work logged it, found through an AsyncLocal that RunBlocking sets, and is written on that cmdlet's pipeline
    /// thread: Information and above as Verbose, Debug and Trace as Debug. With neither preference on, nothing is formatted.
    /// </summary>
    internal sealed class PipelineLogger : ILogger
    {
        public static readonly PipelineLogger Instance = new PipelineLogger();
        private static readonly AsyncLocal<PipelineLogTarget?> Target = new AsyncLocal<PipelineLogTarget?>();

        private PipelineLogger() { }

        /// <summary>Routes this async flow's messages to a target until the returned scope ends (null: none).</summary>
        public static IDisposable RouteTo(PipelineLogTarget? target)
        {
            var previous = Target.Value;
            Target.Value = target;
            return new Restore(previous);
        }

        public IDisposable BeginScope<TState>(TState state) where TState : notnull => NoScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => Target.Value?.Accepts(logLevel) == true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var target = Target.Value;
            if (target == null || !target.Accepts(logLevel)) return;
            target.Write(logLevel, formatter(state, exception));
        }

        private sealed class Restore : IDisposable
        {
            private readonly PipelineLogTarget? _previous;
            public Restore(PipelineLogTarget? previous) => _previous = previous;
            public void Dispose() => Target.Value = _previous;
        }

        private sealed class NoScope : IDisposable
        {
            public static readonly NoScope Instance = new NoScope();
            public void Dispose() { }
        }
    }

    /// <summary>Where one cmdlet's engine messages go, and which levels its preferences ask for (read on its pipeline thread).</summary>
    internal sealed class PipelineLogTarget
    {
        private readonly Action<string> _verbose;
        private readonly Action<string> _debug;
        private readonly bool _verboseOn;
        private readonly bool _debugOn;

        public PipelineLogTarget(Action<string> verbose, Action<string> debug, bool verboseOn, bool debugOn)
        {
            _verbose = verbose;
            _debug = debug;
            _verboseOn = verboseOn;
            _debugOn = debugOn;
        }

        public bool Accepts(LogLevel level) => level != LogLevel.None && (level >= LogLevel.Information ? _verboseOn : _debugOn);

        public void Write(LogLevel level, string message)
        {
            if (level >= LogLevel.Information) _verbose(message);
            else _debug(message);
        }
    }
}
