using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.MarketData;

/// <summary>Order books from the sandbox over real WebSocket v2 on 127.0.0.1, compared with its REST Depth.</summary>
public sealed class SandboxBookTests
{
    [Fact]
    public async Task Snapshot_then_updates_keep_books_equal_to_REST_depth()
    {
        await using var sandbox = await SandboxMarketData.StartAsync();
        // Three name forms of Kraken's: WS v2 symbol, REST altname, REST id.
        IOrderBookView btc = await sandbox.MarketData.WatchBookAsync("BTC/USD", 10);
        IOrderBookView eth = await sandbox.MarketData.WatchBookAsync("ETHUSD", 10);
        IOrderBookView doge = await sandbox.MarketData.WatchBookAsync("XDGUSD", 10);
        await KrakenMarketData.WaitUntilReadyAsync(btc);
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(eth, "ETHUSD");
        await sandbox.AssertExactAsync(doge, "XDGUSD");
        Assert.Equal(new TradingPair("DOGE", "USD"), doge.Pair);

        var changes = 0;
        btc.Changed += (_, _) => Interlocked.Increment(ref changes);
        var before = btc.GetSnapshot(10);
        sandbox.MoveMarket(TimeSpan.FromSeconds(20));

        await Wait.UntilAsync(() => Volatile.Read(ref changes) > 0, "BTC/USD updates");
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(eth, "ETHUSD");
        await sandbox.AssertExactAsync(doge, "XDGUSD");
        Assert.NotEqual(before.Bids.Concat(before.Asks), btc.GetSnapshot(10).Bids.Concat(btc.GetSnapshot(10).Asks));
        Assert.Equal(0, sandbox.MarketData.ChecksumMismatches);

        var bid = btc.BestBid!.Value;
        var ask = btc.BestAsk!.Value;
        Assert.True(bid.Price < ask.Price);
        Assert.Equal((bid.Price + ask.Price) / 2m, btc.MidPrice);
        Assert.Equal(ask.Price - bid.Price, btc.Spread);
        Assert.Equal(ask.Price, btc.AveragePriceFor(OrderSide.Buy, ask.Amount));
        Assert.Equal(bid.Price, btc.AveragePriceFor(OrderSide.Sell, bid.Amount));
    }

    [Fact]
    public async Task Dropped_connection_makes_books_not_ready_then_brings_them_back_exact()
    {
        await using var sandbox = await SandboxMarketData.StartAsync();
        IOrderBookView btc = await sandbox.MarketData.WatchBookAsync("BTC/USD");
        IOrderBookView sol = await sandbox.MarketData.WatchBookAsync("SOL/USD");
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(sol, "SOLUSD");
        var disconnects = 0;
        var wentNotReady = 0;
        sandbox.MarketData.Disconnected += _ => Interlocked.Increment(ref disconnects);
        btc.Changed += (_, _) => { if (!btc.IsReady) Interlocked.Increment(ref wentNotReady); };

        sandbox.MoveMarket(TimeSpan.FromSeconds(2));
        sandbox.Host.Faults.DropSockets();
        // The market moves while the connector is away: only a fresh snapshot can make the book exact again.
        sandbox.MoveMarket(TimeSpan.FromSeconds(20));

        await Wait.UntilAsync(() => Volatile.Read(ref disconnects) > 0, "the drop to be noticed");
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(sol, "SOLUSD");
        Assert.True(Volatile.Read(ref wentNotReady) > 0, "the book must be not ready between the drop and the new snapshot");

        sandbox.MoveMarket(TimeSpan.FromSeconds(10));
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(sol, "SOLUSD");
        Assert.Equal(0, sandbox.MarketData.ChecksumMismatches);
    }

    [Fact]
    public async Task Corrupt_checksum_is_detected_and_only_that_symbol_is_resubscribed_and_rebuilt()
    {
        await using var sandbox = await SandboxMarketData.StartAsync();
        IOrderBookView btc = await sandbox.MarketData.WatchBookAsync("BTC/USD");
        IOrderBookView eth = await sandbox.MarketData.WatchBookAsync("ETH/USD");
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(eth, "ETHUSD");
        var btcNotReady = 0;
        var ethNotReady = 0;
        var ethChanges = 0;
        btc.Changed += (_, _) => { if (!btc.IsReady) Interlocked.Increment(ref btcNotReady); };
        eth.Changed += (_, _) =>
        {
            Interlocked.Increment(ref ethChanges);
            if (!eth.IsReady) Interlocked.Increment(ref ethNotReady);
        };

        sandbox.Host.Faults.CorruptNextChecksum(1, "BTC/USD");
        sandbox.MoveMarket(TimeSpan.FromSeconds(10));

        await Wait.UntilAsync(() => sandbox.MarketData.ChecksumMismatches > 0, "the corrupt checksum to be detected");
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(eth, "ETHUSD");
        Assert.Equal(1, sandbox.MarketData.ChecksumMismatches);
        Assert.Equal(1, sandbox.MarketData.BookRenewals);
        Assert.True(Volatile.Read(ref btcNotReady) > 0, "BTC/USD must be not ready until its new snapshot");
        Assert.True(Volatile.Read(ref ethChanges) > 0);
        Assert.Equal(0, Volatile.Read(ref ethNotReady));

        sandbox.MoveMarket(TimeSpan.FromSeconds(10));
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        await sandbox.AssertExactAsync(eth, "ETHUSD");
        Assert.Equal(1, sandbox.MarketData.ChecksumMismatches);
    }

    [Fact]
    public async Task Unknown_symbol_gives_a_clear_error_and_other_books_keep_working()
    {
        await using var sandbox = await SandboxMarketData.StartAsync();
        IOrderBookView btc = await sandbox.MarketData.WatchBookAsync("BTC/USD");

        var error = await Assert.ThrowsAsync<ExchangeValidationException>(() => sandbox.MarketData.WatchBookAsync("BTC/EURO"));
        Assert.Contains("BTC/EURO", error.Message);

        sandbox.MoveMarket(TimeSpan.FromSeconds(5));
        await sandbox.AssertExactAsync(btc, "XBTUSD");
    }

    [Fact]
    public async Task Symbol_the_exchange_refuses_fails_alone_and_other_books_keep_working()
    {
        await using var sandbox = await SandboxMarketData.StartSandboxAsync();
        var served = await sandbox.LoadCatalogAsync();
        // A pair the client's catalog lists (e.g. newly listed) but the exchange's socket does not serve.
        var sol = served.GetPair("SOL/USD").Source;
        var phantom = sol with { Id = "SOLXBT", AltName = "SOLXBT", WsName = "SOL/XBT", Quote = served.GetPair("BTC/USD").Source.Base };
        var catalog = new Connector.Kraken.Catalog.MarketCatalog(served.Assets.Select(a => a.Source), served.Pairs.Select(p => p.Source).Append(phantom));
        Assert.Equal("SOL/BTC", catalog.GetPair("SOLXBT").Symbol);
        var marketData = await sandbox.Connect(catalog, new SocketSessionOptions { Endpoint = sandbox.Host.WebSocketUri });
        IOrderBookView btc = await marketData.WatchBookAsync("BTC/USD");
        await sandbox.AssertExactAsync(btc, "XBTUSD");

        await Assert.ThrowsAnyAsync<ExchangeException>(() => marketData.WatchBookAsync("SOLXBT"));

        sandbox.MoveMarket(TimeSpan.FromSeconds(5));
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        // The refused pair can be asked for again (and is refused again), without disturbing the others.
        await Assert.ThrowsAnyAsync<ExchangeException>(() => marketData.WatchBookAsync("SOLXBT"));
        await sandbox.AssertExactAsync(btc, "XBTUSD");
    }

    [Fact]
    public async Task A_book_subscription_that_goes_silent_is_renewed_with_a_fresh_snapshot()
    {
        await using var sandbox = await SandboxMarketData.StartSandboxAsync();
        var clientClock = new FakeTimeProvider(SandboxMarketData.Start);
        var socket = new SocketSessionOptions
        {
            Endpoint = sandbox.Host.WebSocketUri,
            SilenceCheckInterval = TimeSpan.FromSeconds(1),
            // Liveness is not under test here: keep pings and the inactivity limit out of the way of the fake clock.
            Transport = new SocketTransportOptions { PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2) },
        };
        var marketData = await sandbox.Connect(await sandbox.LoadCatalogAsync(), socket,
            new KrakenMarketDataOptions { BookSilenceTimeout = TimeSpan.FromSeconds(30) }, clientClock);
        var disconnects = 0;
        marketData.Disconnected += _ => Interlocked.Increment(ref disconnects);
        IOrderBookView btc = await marketData.WatchBookAsync("BTC/USD");
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        var changes = 0;
        btc.Changed += (_, _) => Interlocked.Increment(ref changes);

        // The sandbox market is quiet (its clock stands still): no book message comes unless the client renews.
        clientClock.Advance(TimeSpan.FromSeconds(20));
        await Task.Delay(200);
        Assert.Equal(0, Volatile.Read(ref changes));

        await Wait.UntilAsync(() => Volatile.Read(ref changes) > 0, "the silent subscription to be renewed",
            () => clientClock.Advance(TimeSpan.FromSeconds(1)));
        await sandbox.AssertExactAsync(btc, "XBTUSD");
        Assert.Equal(0, Volatile.Read(ref disconnects));
        Assert.Equal(0, marketData.ChecksumMismatches);
    }
}
