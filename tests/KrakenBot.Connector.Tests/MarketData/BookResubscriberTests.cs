using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Tests.Socket;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.MarketData;

/// <summary>Renewals off the receive thread: one per request, requests during a renewal folded into one more.</summary>
public sealed class BookResubscriberTests
{
    [Fact]
    public async Task Requests_during_a_renewal_are_folded_into_exactly_one_more()
    {
        var calls = new List<string>();
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resubscriber = new BookResubscriber(async (symbol, _) =>
        {
            lock (calls) calls.Add(symbol);
            return await gate.Task;
        }, NullLogger.Instance, CancellationToken.None);

        resubscriber.Request("BTC/USD", "mismatch");
        await TestWait.UntilAsync(() => { lock (calls) return calls.Count == 1; }, "the first renewal");
        resubscriber.Request("BTC/USD", "mismatch on the new snapshot");
        resubscriber.Request("BTC/USD", "and again");
        resubscriber.Request("ETH/USD", "another symbol is renewed on its own");
        await TestWait.UntilAsync(() => { lock (calls) return calls.Count == 2; }, "the ETH/USD renewal");
        gate.SetResult(true);

        await TestWait.UntilAsync(() => resubscriber.Renewals == 3, "the folded BTC/USD renewal");
        await Task.Delay(50);
        lock (calls) Assert.Equal(["BTC/USD", "ETH/USD", "BTC/USD"], calls);
    }

    [Fact]
    public async Task A_failed_renewal_is_logged_and_the_next_request_renews_again()
    {
        int calls = 0;
        var resubscriber = new BookResubscriber((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromException<bool>(new InvalidOperationException("no subscription"));
        }, NullLogger.Instance, CancellationToken.None);

        resubscriber.Request("BTC/USD", "mismatch");
        await TestWait.UntilAsync(() => Volatile.Read(ref calls) == 1, "the first renewal");
        await TestWait.UntilAsync(() => { resubscriber.Request("BTC/USD", "again"); return Volatile.Read(ref calls) >= 2; }, "a second renewal");
    }
}
