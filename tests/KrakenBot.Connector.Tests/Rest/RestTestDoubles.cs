using System.Collections.Concurrent;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Rest;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>Test-only nonce source: strictly increasing from a start value.</summary>
internal sealed class CountingNonceSource(long start = 1_700_000_000_000_000) : INonceSource
{
    private long _last = start;
    public long Next() => Interlocked.Increment(ref _last);
}

/// <summary>Test-only REST budget that records what it was charged.</summary>
internal sealed class RecordingBudget : IRestCallBudget
{
    public ConcurrentQueue<int> Charges { get; } = new();
    public int RateLimitSignals;

    public ValueTask WaitAsync(int cost, CancellationToken cancellationToken)
    {
        Charges.Enqueue(cost);
        return ValueTask.CompletedTask;
    }

    public void OnRateLimitExceeded() => Interlocked.Increment(ref RateLimitSignals);

    public ConcurrentQueue<DateTimeOffset> ThrottledUntil { get; } = new();

    public void OnThrottled(DateTimeOffset until) => ThrottledUntil.Enqueue(until);
}

/// <summary>Test-only logger that keeps every formatted message.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " | " + exception));
}
