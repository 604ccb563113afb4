using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>A logger that keeps what it is given, level and text, for a test to read.</summary>
    internal sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Entries { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
