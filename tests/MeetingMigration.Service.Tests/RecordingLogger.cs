using Microsoft.Extensions.Logging;

namespace MeetingMigration.Service.Tests;

/// <summary>A logger that keeps what it is told, for tests that pin what an admin reads in the service's log.</summary>
internal sealed class RecordingLogger : ILogger
{
    public sealed record Entry(LogLevel Level, string Text, Exception? Exception);

    public List<Entry> Entries { get; } = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add(new Entry(logLevel, formatter(state, exception), exception));
}
