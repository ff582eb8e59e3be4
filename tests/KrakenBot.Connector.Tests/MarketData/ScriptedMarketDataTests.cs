using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Tests.Book;
using KrakenBot.Connector.Tests.Catalog;
using KrakenBot.Connector.Tests.Socket;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.MarketData;

/// <summary>
/// <see cref="KrakenMarketData"/> against a scripted Kraken WebSocket v2 server on 127.0.0.1, for what the sandbox
/// never sends: both book sides in one update, refusals, and precision changes from the instrument channel.
/// </summary>
public sealed class ScriptedMarketDataTests : IAsyncLifetime
{
    private readonly KrakenScript _script = new();
    private ScriptedKrakenServer _server = null!;
    private KrakenMarketData _marketData = null!;
    private Task<ServerConnection> _connection = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedKrakenServer.StartAsync(_script.HandleAsync);
        _connection = _server.NextConnectionAsync();
        _marketData = new KrakenMarketData(KrakenExampleMarkets.Catalog(), new SocketSessionOptions { Endpoint = _server.Uri });
        await _marketData.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _marketData.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Both_sides_and_a_repeated_price_in_one_update_are_applied_in_order()
    {
        IOrderBookView book = await _marketData.WatchBookAsync("XBTUSD", 10);
        var connection = await _connection;
        var model = new ReferenceBook(10, 1, 8);
        for (int i = 0; i < 12; i++)
        {
            model.Apply(bid: true, 100.0m - i, 1m + i);
            model.Apply(bid: false, 101.0m + i, 2m + i);
        }
        model.Truncate();
        await connection.SendAsync(BookFrames.SnapshotOf(model, "BTC/USD"));
        await TestWait.UntilAsync(() => book.IsReady, "the snapshot");

        // One message: a new best bid, a deleted bid, an ask changed twice (the second value wins), a deleted ask.
        model.Apply(bid: true, 100.5m, 0.25m);
        model.Apply(bid: true, 99.0m, 0m);
        model.Apply(bid: false, 101.0m, 7m);
        model.Apply(bid: false, 101.0m, 3.5m);
        model.Apply(bid: false, 102.0m, 0m);
        model.Truncate();
        await connection.SendAsync(BookFrames.Update("BTC/USD",
            [("100.5", "0.25000000"), ("99.0", "0")],
            [("101.0", "7.00000000"), ("101.0", "3.50000000"), ("102.0", "0")],
            model.Checksum()));

        await TestWait.UntilAsync(() => book.BestBid?.Price == 100.5m, "the update");
        OrderBookSnapshot snapshot = book.GetSnapshot(10);
        Assert.Equal(model.Levels(bid: true), snapshot.Bids.Select(l => (l.Price, l.Amount)).ToList());
        Assert.Equal(model.Levels(bid: false), snapshot.Asks.Select(l => (l.Price, l.Amount)).ToList());
        Assert.Equal(new BookLevel(101.0m, 3.5m), book.BestAsk);
        Assert.True(snapshot.IsReady);
        Assert.Equal(0, _marketData.ChecksumMismatches);
    }

    [Fact]
    public async Task A_symbol_Kraken_refuses_fails_with_its_reason_and_the_other_book_keeps_updating()
    {
        _script.UnknownSymbols.Add("SOL/USD");
        IOrderBookView btc = await _marketData.WatchBookAsync("BTC/USD");
        var connection = await _connection;

        var error = await Assert.ThrowsAsync<SubscriptionRejectedException>(() => _marketData.WatchBookAsync("SOLUSD"));
        Assert.Contains("SOL/USD", error.Message);
        Assert.Contains("Currency pair not supported", error.Message);

        var model = new ReferenceBook(10, 1, 8);
        model.Apply(bid: true, 100.0m, 1m);
        model.Apply(bid: false, 101.0m, 1m);
        await connection.SendAsync(BookFrames.SnapshotOf(model, "BTC/USD"));
        await TestWait.UntilAsync(() => btc.IsReady, "the BTC/USD snapshot");
        Assert.Equal(new BookLevel(100.0m, 1m), btc.BestBid);

        // Refused once is not remembered as watched: asking again asks Kraken again.
        int subscribesBefore = connection.CountRequests("subscribe");
        await Assert.ThrowsAsync<SubscriptionRejectedException>(() => _marketData.WatchBookAsync("SOL/USD"));
        Assert.Equal(subscribesBefore + 1, connection.CountRequests("subscribe"));
    }

    [Fact]
    public async Task Instrument_precision_drives_the_checksum_and_a_change_rebuilds_the_book()
    {
        var connection = await _connection;
        var rules = new List<TradingRule>();
        _marketData.TradingRuleChanged += r => { lock (rules) rules.Add(r); };
        await connection.SendAsync(Instrument("snapshot", pricePrecision: 2, priceIncrement: "0.01"));
        await TestWait.UntilAsync(() => _marketData.GetTradingRule("XBTUSD").PriceDecimals == 2, "the instrument snapshot");
        Assert.Equal(0.01m, _marketData.GetTradingRule("BTC-USD").TickSize);
        lock (rules) Assert.Equal(2, Assert.Single(rules).PriceDecimals);

        IOrderBookView book = await _marketData.WatchBookAsync("BTC/USD");
        var model = new ReferenceBook(10, 2, 8);
        model.Apply(bid: true, 100.25m, 1m);
        model.Apply(bid: false, 100.75m, 2m);
        await connection.SendAsync(BookFrames.SnapshotOf(model, "BTC/USD"));
        await TestWait.UntilAsync(() => book.IsReady, "a snapshot verified at price precision 2");
        Assert.Equal(0, _marketData.ChecksumMismatches);

        // Kraken changes the pair's precision: the book cannot verify with the old one, so it is rebuilt.
        int subscribesBefore = connection.CountRequests("subscribe");
        await connection.SendAsync(Instrument("update", pricePrecision: 3, priceIncrement: "0.001"));
        await TestWait.UntilAsync(() => connection.CountRequests("subscribe") > subscribesBefore, "the book to be renewed");
        Assert.False(book.IsReady);
        Assert.Null(book.BestBid);
        Assert.Equal(1, connection.CountRequests("unsubscribe"));

        var finer = new ReferenceBook(10, 3, 8);
        finer.Apply(bid: true, 100.125m, 1m);
        finer.Apply(bid: false, 100.875m, 2m);
        await connection.SendAsync(BookFrames.SnapshotOf(finer, "BTC/USD"));
        await TestWait.UntilAsync(() => book.IsReady, "the snapshot at precision 3");
        Assert.Equal(new BookLevel(100.125m, 1m), book.BestBid);
        Assert.Equal(0, _marketData.ChecksumMismatches);
        Assert.Equal(3, _marketData.GetTradingRule("XBTUSD").PriceDecimals);
    }

    private static string Instrument(string type, int pricePrecision, string priceIncrement) =>
        $$$"""{"channel":"instrument","type":"{{{type}}}","data":{"assets":[],"pairs":[{"symbol":"BTC/USD","base":"BTC","quote":"USD","status":"online","qty_precision":8,"qty_increment":1e-08,"price_precision":{{{pricePrecision}}},"cost_precision":5,"marginable":true,"has_index":true,"cost_min":0.5,"price_increment":{{{priceIncrement}}},"qty_min":0.0001}]}}""";
}
