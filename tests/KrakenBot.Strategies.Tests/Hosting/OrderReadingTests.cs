using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;
using static KrakenBot.Strategies.Tests.Kit.StrategyHarness;

namespace KrakenBot.Strategies.Tests.Hosting;

/// <summary>
/// The driver reads every order of the strategy again on each input, unless the exchange counts its order changes and
/// none happened since the last reading (a backtest's millions of book changes). Either way no fill is missed, even
/// when the exchange's events never reach the driver.
/// </summary>
public class OrderReadingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_book_change_reads_the_orders_again_only_after_the_exchange_counted_a_change(bool counts)
    {
        await using var kit = new PaperTestKit(latency: TimeSpan.FromMilliseconds(100));
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var exchange = counts ? new ChangeCountingExchange(kit.Exchange) : new OrderReadingExchange(kit.Exchange);
        var strategy = new ScriptStrategy
        {
            Start = async ctx => await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid"),
        };
        var driver = new StrategyDriver(exchange, strategy, new StrategyHostOptions { StrategyId = "reads" }, new InMemoryStrategyStateStore(), kit.Time);
        await driver.StartAsync();
        await kit.SettleAsync(); // the order rests
        await driver.BookChangedAsync(BtcUsd);
        Assert.Equal(OrderState.Open, Assert.Single(driver.Orders.Open).Order.State);

        int readsBefore = exchange.Reads;
        for (int i = 0; i < 3; i++) await driver.BookChangedAsync(BtcUsd);
        Assert.Equal(counts ? readsBefore : readsBefore + 3, exchange.Reads);
        Assert.Equal(4, strategy.Calls.Count(c => c == "book"));

        await kit.PrintAsync(98.9m, 0.2m, OrderSide.Sell); // fills part of the bid; no event is handed to the driver
        await driver.BookChangedAsync(BtcUsd);
        Assert.True(exchange.Reads > (counts ? readsBefore : readsBefore + 3));
        Assert.Equal(["fill bid 0.2"], strategy.Calls.Where(c => c.StartsWith("fill", StringComparison.Ordinal)));
        Assert.Equal(0.2m, driver.Pnl.State.BoughtBase);
        Assert.Equal(OrderState.PartiallyFilled, Assert.Single(driver.Orders.Open).Order.State);
    }

    /// <summary>Counts the orders read; counts no order changes (as the forwarding kit, whatever the inner exchange does).</summary>
    private class OrderReadingExchange(IExchange inner) : ForwardingExchange(inner)
    {
        public int Reads { get; private set; }

        public override TrackedOrder? GetOrder(string clientOrderId)
        {
            Reads++;
            return base.GetOrder(clientOrderId);
        }
    }

    /// <summary>Counts the orders read, and tells the paper exchange's order change count.</summary>
    private sealed class ChangeCountingExchange(PaperExchange inner) : OrderReadingExchange(inner)
    {
        public override long? OrderChanges => inner.OrderChanges;
    }
}
