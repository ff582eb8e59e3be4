using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Matching;

/// <summary>The feed the WebSocket API publishes from: executions, trades, book levels, balances.</summary>
public sealed class EventFeedTests
{
    private sealed class Recorder : IExchangeEventSink
    {
        public List<OrderEvent> Orders { get; } = [];
        public List<PublicTradeEvent> Trades { get; } = [];
        public List<BookLevelEvent> Levels { get; } = [];
        public List<BalanceEvent> Balances { get; } = [];
        public void OnOrder(in OrderEvent e) => Orders.Add(e);
        public void OnPublicTrade(in PublicTradeEvent e) => Trades.Add(e);
        public void OnBookLevel(in BookLevelEvent e) => Levels.Add(e);
        public void OnBalance(in BalanceEvent e) => Balances.Add(e);
    }

    [Fact]
    public void A_fill_produces_krakens_execution_sequence_and_book_changes()
    {
        using var f = new EngineFixture();
        var maker = f.Account("maker", usd: 0m, btc: 1m);
        var taker = f.Account("taker", usd: 100_000m, btc: 0m);
        var recorder = new Recorder();
        using var subscription = f.Exchange.Events.Subscribe(recorder);

        var sell = f.Placed(f.Limit(maker, Side.Sell, 1m, 60000m));
        var buy = f.Placed(f.Limit(taker, Side.Buy, 0.4m, 60000m));

        Assert.Equal([ExecType.PendingNew, ExecType.New, ExecType.Trade],
            recorder.Orders.Where(e => e.Order == sell).Select(e => e.Type).ToArray());
        Assert.Equal([ExecType.PendingNew, ExecType.New, ExecType.Trade, ExecType.Filled],
            recorder.Orders.Where(e => e.Order == buy).Select(e => e.Type).ToArray());
        var takerTrade = recorder.Orders.Single(e => e.Order == buy && e.Type == ExecType.Trade);
        Assert.Equal(0.4m, takerTrade.CumQty);
        Assert.Equal(24000m, takerTrade.CumCost);
        Assert.Equal(60000m, takerTrade.AvgPrice);
        Assert.Equal(62.4m, takerTrade.CumFee);
        Assert.False(takerTrade.Trade!.Maker);
        var filled = recorder.Orders.Single(e => e.Order == buy && e.Type == ExecType.Filled);
        Assert.Equal(OrderStatus.Closed, filled.Status);

        var trade = Assert.Single(recorder.Trades);
        Assert.Equal((Side.Buy, 60000m, 0.4m), (trade.TakerSide, trade.Price, trade.Quantity));

        Assert.Equal([(Side.Sell, 60000m, 1m), (Side.Sell, 60000m, 0.6m)],
            recorder.Levels.Select(l => (l.Side, l.Price, l.Quantity)).ToArray());
        Assert.Equal(f.BtcEngine.Snapshot(10).Version, recorder.Levels[^1].Version);

        var takerUsd = recorder.Balances.Last(b => b.Account == taker && b.Asset == f.Usd);
        Assert.Equal(BalanceChangeKind.Trade, takerUsd.Kind);
        Assert.Equal(-24000m - 62.4m, takerUsd.Amount);
        Assert.Equal(62.4m, takerUsd.Fee);
        Assert.Equal(100_000m - 24062.4m, takerUsd.Balance);
        Assert.Equal(takerTrade.Trade.Txid, takerUsd.RefId);
    }

    [Fact]
    public void Cancels_expiries_and_amends_are_reported()
    {
        using var f = new EngineFixture();
        var trader = f.Account("t");
        var recorder = new Recorder();
        using var subscription = f.Exchange.Events.Subscribe(recorder);
        var a = f.Placed(f.Limit(trader, Side.Buy, 1m, 50000m));
        var b = f.Placed(f.Limit(trader, Side.Buy, 1m, 49000m, TimeInForce.Gtd, expire: f.Clock.GetUtcNow().AddSeconds(10)));
        f.BtcEngine.Amend(a, 0.5m, null, false);
        f.BtcEngine.Cancel(a);
        f.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal([ExecType.PendingNew, ExecType.New, ExecType.Amended, ExecType.Canceled], recorder.Orders.Where(e => e.Order == a).Select(e => e.Type).ToArray());
        Assert.Equal("User requested", recorder.Orders.Last(e => e.Order == a).Reason);
        Assert.Equal(ExecType.Expired, recorder.Orders.Last(e => e.Order == b).Type);
        Assert.Equal(0m, recorder.Levels[^1].Quantity);
        Assert.Empty(f.BtcEngine.Snapshot(10).Bids);
    }

    [Fact]
    public void Unsubscribed_sinks_hear_nothing_more()
    {
        using var f = new EngineFixture();
        var recorder = new Recorder();
        var subscription = f.Exchange.Events.Subscribe(recorder);
        subscription.Dispose();
        f.Placed(f.Limit(f.Account("t"), Side.Buy, 1m, 50000m));
        Assert.Empty(recorder.Orders);
        Assert.Empty(recorder.Levels);
    }
}
