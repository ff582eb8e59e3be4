using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Hosting;

/// <summary>
/// A stop sends the cancels; the market can fill an order before its cancel arrives. That fill belongs to the run's P&amp;L
/// (found by the minute-long CLI run on the moving market under load: the bot's history one fill short of the exchange's).
/// </summary>
public sealed class LateFillTests
{
    [Fact]
    public async Task A_fill_that_beats_the_stops_cancel_is_counted_once_and_saved()
    {
        bool place = true;
        var strategy = new ScriptStrategy
        {
            Tick = async ctx =>
            {
                if (place) await ctx.Orders.PlaceAsync(OrderRequest.Limit(StrategyHarness.BtcUsd, OrderSide.Buy, 0.1m, 99.9m), "bid");
                place = false;
            },
        };
        var store = new InMemoryStrategyStateStore();
        await using var h = await StrategyHarness.StartAsync(strategy, store: store);
        await h.TickAsync();
        var order = Assert.Single(h.Exchange.OpenOrders);

        await h.Driver.StopAsync(); // the cancel is on its way (paper latency)
        await h.Kit.PrintAsync(99.0m, 0.1m, OrderSide.Sell); // the market fills the bid first
        await h.SettleAsync(); // the cancel arrives too late
        Assert.Equal(OrderState.Filled, h.Exchange.GetOrder(order.ClientOrderId)!.State);
        Assert.Equal(StrategyStatus.Stopped, h.Driver.Status);

        await h.Driver.CountLateFillsAsync();
        Assert.Equal(1, h.Driver.Pnl.State.Trades);
        await h.Driver.CountLateFillsAsync(); // asked again: counted once
        Assert.Equal(1, h.Driver.Pnl.State.Trades);
        Assert.Empty(strategy.Fills); // a stopped strategy is not called back

        // Saved: a later start of the same strategy resumes with the fill in its figures.
        await using var restarted = new StrategyDriver(h.Exchange, new ScriptStrategy(), new StrategyHostOptions { StrategyId = "test" }, store, h.Time);
        await restarted.StartAsync();
        await restarted.ProcessPendingAsync();
        Assert.Equal(1, restarted.Pnl.State.Trades);
    }
}
