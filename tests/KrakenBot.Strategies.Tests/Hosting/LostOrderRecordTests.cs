using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Hosting;

/// <summary>
/// A crash between a placement and the next write of the strategy's orders: the order is missing from the saved state.
/// If it filled while the program was down it is not open to adopt, yet its fill must be counted, once (found by the
/// minute-long CLI run on the moving market: the bot's history was two fills short of the exchange's after a kill -9).
/// </summary>
public sealed class LostOrderRecordTests
{
    private static readonly StrategyHostOptions Options = new() { StrategyId = "test", FinishedOrderGrace = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task An_order_missing_from_the_saved_state_that_filled_while_down_is_taken_back_and_its_fill_counted_once()
    {
        bool place = true;
        var first = new ScriptStrategy
        {
            Tick = async ctx =>
            {
                if (place) await ctx.Orders.PlaceAsync(OrderRequest.Limit(StrategyHarness.BtcUsd, OrderSide.Buy, 0.1m, 99.9m), "bid");
                place = false;
            },
        };
        var store = new InMemoryStrategyStateStore();
        await using var h = await StrategyHarness.StartAsync(first, options: Options, store: store);
        var savedBeforePlacing = await store.LoadAsync("test"); // what a crash right after the placement leaves
        Assert.Contains(StrategyDocuments.OrdersSavedAt, savedBeforePlacing.Keys);

        await h.TickAsync();
        var order = Assert.Single(h.Exchange.OpenOrders);
        await h.Kit.PrintAsync(99.0m, 0.1m, OrderSide.Sell); // filled while "down": the first driver is not told
        Assert.Equal(OrderState.Filled, h.Exchange.GetOrder(order.ClientOrderId)!.State);

        var restartedStore = new InMemoryStrategyStateStore();
        await restartedStore.SaveAsync("test", savedBeforePlacing.ToDictionary(d => d.Key, d => (string?)d.Value));
        var second = new ScriptStrategy();
        await using var restarted = new StrategyDriver(h.Exchange, second, Options, restartedStore, h.Time);
        await restarted.StartAsync();
        await restarted.ProcessPendingAsync();

        Assert.Equal(1, restarted.Pnl.State.Trades);
        var fill = Assert.Single(second.Fills);
        Assert.Equal(order.ClientOrderId, fill.ClientOrderId);
        Assert.NotNull(restarted.Orders.Find(order.ClientOrderId));

        // Restarted again from what it saved since: the fill is not counted a second time, now or once forgotten.
        await restarted.FlushStateAsync();
        var third = new ScriptStrategy();
        await using (var again = new StrategyDriver(h.Exchange, third, Options, restartedStore, h.Time))
        {
            await again.StartAsync();
            await again.ProcessPendingAsync();
            Assert.Equal(1, again.Pnl.State.Trades);
            Assert.Empty(third.Fills);
            h.Time.Advance(TimeSpan.FromMinutes(1)); // past the grace: the finished order is forgotten and the state saved
            await again.TickAsync();
            await again.FlushStateAsync();
        }

        var fourth = new ScriptStrategy();
        await using var last = new StrategyDriver(h.Exchange, fourth, Options, restartedStore, h.Time);
        await last.StartAsync();
        await last.ProcessPendingAsync();
        Assert.Null(last.Orders.Find(order.ClientOrderId));
        Assert.Equal(1, last.Pnl.State.Trades);
        Assert.Empty(fourth.Fills);
    }
}
