using KrakenBot.Connector.Candles;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.MarketData;

/// <summary>Live candles from the sandbox's <c>ohlc</c> channel, closed by the client's (fake) clock.</summary>
public sealed class SandboxCandleTests
{
    [Fact]
    public async Task Live_candle_closes_when_the_interval_ends_on_the_clock()
    {
        await using var sandbox = await SandboxMarketData.StartSandboxAsync();
        var clientClock = new FakeTimeProvider(sandbox.SandboxClock.GetUtcNow());
        var socket = new SocketSessionOptions
        {
            Endpoint = sandbox.Host.WebSocketUri,
            Transport = new SocketTransportOptions { PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2) },
        };
        var marketData = await sandbox.Connect(await sandbox.LoadCatalogAsync(), socket, clientClock: clientClock);
        var updates = new List<LiveCandle>();
        var closes = new List<LiveCandle>();
        marketData.Candles.CandleUpdated += c => { lock (updates) updates.Add(c); };
        // The snapshot also brings the sandbox's earlier (seeded) history, closed long ago: only this minute on counts.
        DateTimeOffset minute = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        marketData.Candles.CandleClosed += c => { if (c.Candle.OpenTime >= minute) lock (closes) closes.Add(c); };

        (await marketData.Candles.SubscribeLiveAsync("XBTUSD", 1)).ThrowIfAnyFailed();
        // Trades inside the 12:00 minute (the sandbox started at 12:00:00 and has moved 5 s).
        await Wait.UntilAsync(() => { lock (updates) return updates.Any(u => u.Candle.OpenTime == minute && u.Candle.TradeCount > 0); },
            "a live candle for 12:00", () =>
            {
                if (sandbox.SandboxClock.GetUtcNow() < minute.AddSeconds(50)) sandbox.MoveMarket(TimeSpan.FromSeconds(1));
            });
        // The sandbox's clock stands still now, so its 12:00 candle is final: wait until the stream's last update of the
        // minute equals it (every update sent has arrived) before the client's clock closes the minute.
        var final = (await sandbox.Rest.GetOhlcAsync("XBTUSD", 1)).Candles.Single(c => c.OpenTime == minute);
        await Wait.UntilAsync(() =>
        {
            lock (updates)
                return updates.LastOrDefault(u => u.Candle.OpenTime == minute) is { } u
                    && (u.Candle.Open, u.Candle.High, u.Candle.Low, u.Candle.Close, u.Candle.Volume, u.Candle.TradeCount)
                    == (final.Open, final.High, final.Low, final.Close, final.Volume, final.TradeCount);
        }, $"the stream's 12:00 candle equal to the sandbox's ({final})");
        Assert.Empty(closes);

        clientClock.Advance(minute.AddMinutes(1) - clientClock.GetUtcNow() - TimeSpan.FromTicks(1));
        Assert.Empty(closes);
        clientClock.Advance(TimeSpan.FromTicks(1));

        LiveCandle closed;
        lock (closes) closed = Assert.Single(closes);
        LiveCandle last;
        lock (updates) last = updates.Last(u => u.Candle.OpenTime == minute);
        Assert.True(closed.IsClosed);
        Assert.False(last.IsClosed);
        Assert.Equal(minute, closed.Candle.OpenTime);
        Assert.Equal(TimeSpan.FromMinutes(1), closed.Candle.Interval);
        Assert.Equal("BTC-USD", closed.Pair.ToString());
        Assert.Equal((last.Candle.Open, last.Candle.High, last.Candle.Low, last.Candle.Close, last.Candle.Volume, last.Candle.TradeCount),
            (closed.Candle.Open, closed.Candle.High, closed.Candle.Low, closed.Candle.Close, closed.Candle.Volume, closed.Candle.TradeCount));

        clientClock.Advance(TimeSpan.FromMinutes(1));
        lock (closes) Assert.Single(closes); // once per interval
    }
}
