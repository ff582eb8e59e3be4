using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KrakenBot.EndToEnd.Tests;

/// <summary>Every log line of a connector under test, with its structured values (a sink could write either).</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];
    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} [{values}] {exception}");
    }

    public void Dispose() { }
}
