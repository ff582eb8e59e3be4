using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KrakenBot.Connector.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>
/// Renews one symbol's book subscription when asked (checksum mismatch, protocol error, precision change), off the
/// receive thread. Requests for a symbol whose renewal is under way are folded into one more renewal after it, so a
/// mismatch on the very snapshot a renewal brought is never dropped, and a burst of requests costs at most two.
/// </summary>
internal sealed class BookResubscriber(
    Func<string, CancellationToken, Task<bool>> resubscribe,
    ILogger logger,
    CancellationToken stopping,
    ConnectorMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _requests = new(StringComparer.Ordinal);
    private long _renewals;

    /// <summary>Renewals sent so far.</summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    /// <summary>Asks for a fresh snapshot of <paramref name="symbol"/>; returns at once (safe on the receive thread).</summary>
    public void Request(string symbol, string reason)
    {
        var box = _requests.GetOrAdd(symbol, static _ => new StrongBox<int>());
        logger.LogWarning("Renewing the book subscription of {Symbol}: {Reason}", symbol, reason);
        if (Interlocked.Increment(ref box.Value) == 1)
        {
            _ = Task.Run(() => RenewLoopAsync(symbol, box));
        }
    }

    private async Task RenewLoopAsync(string symbol, StrongBox<int> box)
    {
        while (true)
        {
            int seen = Volatile.Read(ref box.Value);
            await RenewOnceAsync(symbol).ConfigureAwait(false);
            if (Interlocked.CompareExchange(ref box.Value, 0, seen) == seen || stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RenewOnceAsync(string symbol)
    {
        Interlocked.Increment(ref _renewals);
        (metrics ?? ConnectorMetrics.Default).BookResync(symbol);
        try
        {
            if (!await resubscribe(symbol, stopping).ConfigureAwait(false))
            {
                // Not confirmed: the session replaces the connection, and the replay brings a new snapshot.
                logger.LogWarning("Kraken did not confirm the renewed book subscription of {Symbol}; the reconnect replays it", symbol);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Renewing the book subscription of {Symbol} failed; the book stays not ready", symbol);
        }
    }
}
