using MeetingMigration.Engine.Migration;

namespace MeetingMigration.Service;

/// <summary>
/// The logger the service gives the engine: everything it logs except the attempt's summary, which the request's end line
/// (<see cref="QueueWorker"/>) repeats with the same counts. Both at Information made two lines per attempt, 400,000 for a
/// bulk migration of 100,000 users (found by an outside probe). A cmdlet keeps the summary: it is its -Verbose line.
/// </summary>
internal sealed class WithoutAttemptSummaries(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == AttemptLogEvents.Summary.Id) return;
        inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
