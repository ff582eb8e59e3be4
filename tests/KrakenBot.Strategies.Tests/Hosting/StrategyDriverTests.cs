using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.Risk;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;
using static KrakenBot.Strategies.Tests.Kit.StrategyHarness;

namespace KrakenBot.Strategies.Tests.Hosting;

public class StrategyDriverTests
{
    private static ScriptStrategy QuotingBoth() => new()
    {
        Start = async ctx =>
        {
            await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid");
            await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Sell, 0.5m, 101.0m), "ask");
        },
    };

    [Fact]
    public async Task Orders_placed_by_the_strategy_carry_its_tag_and_are_tracked_as_its_own()
    {
        var strategy = QuotingBoth();
        await using var h = await StartAsync(strategy);

        Assert.Equal(["bid", "ask"], h.Open.Select(o => o.Label));
        Assert.All(h.Exchange.OpenOrders, o => Assert.Equal("kb:test", o.Request.ClientTag));
        Assert.All(h.Open, o => Assert.Equal(OrderState.Open, o.Order.State));
        Assert.Equal(StrategyStatus.Running, h.Driver.Status);
    }

    [Fact]
    public async Task Each_fill_reaches_the_strategy_and_the_pnl_once_and_a_complete_fill_is_reported_as_a_state_change()
    {
        var strategy = QuotingBoth();
        await using var h = await StartAsync(strategy);

        await h.PrintAsync(98.9m, 0.2m, OrderSide.Sell);
        await h.TickAsync();
        await h.PrintAsync(98.9m, 1m, OrderSide.Sell);
        await h.TickAsync();
        await h.Driver.ResyncAsync();

        Assert.Equal(["fill bid 0.2", "fill bid 0.3"], strategy.Calls.Where(c => c.StartsWith("fill", StringComparison.Ordinal)));
        Assert.Contains("bid Open->PartiallyFilled", strategy.Calls);
        Assert.Contains("bid PartiallyFilled->Filled", strategy.Calls);
        var pnl = h.Driver.Pnl.State;
        Assert.Equal(2, pnl.Trades);
        Assert.Equal(1.5m - 0.5m * 0.0025m * 0m, pnl.Base); // fees are in USD on paper
        Assert.Equal(0.5m, pnl.BoughtBase);
        Assert.Equal(["ask"], h.Open.Select(o => o.Label));
    }

    [Fact]
    public async Task A_finished_order_is_forgotten_once_its_grace_has_passed_and_not_before()
    {
        await using var h = await StartAsync(QuotingBoth(), new StrategyHostOptions { StrategyId = "test", FinishedOrderGrace = TimeSpan.FromSeconds(30) });
        var bid = h.Open.Single(o => o.Label == "bid");
        var ask = h.Open.Single(o => o.Label == "ask");
        Assert.True(h.Driver.Orders.Cancel(bid));
        await h.SettleAsync(); // the bid finishes now
        await h.TickAsync(10);
        Assert.True(h.Driver.Orders.Cancel(ask));
        await h.SettleAsync(); // the ask 10 s later

        await h.TickAsync(15);
        Assert.NotNull(h.Driver.Orders.Find(bid.ClientOrderId));
        Assert.NotNull(h.Driver.Orders.Find(ask.ClientOrderId));
        await h.TickAsync(10); // 35 s after the bid finished, 25 s after the ask
        Assert.Null(h.Driver.Orders.Find(bid.ClientOrderId));
        Assert.NotNull(h.Driver.Orders.Find(ask.ClientOrderId));
        await h.TickAsync(10);
        Assert.Null(h.Driver.Orders.Find(ask.ClientOrderId));
    }

    [Fact]
    public async Task Ticks_and_book_changes_reach_the_strategy_only_while_it_runs()
    {
        var strategy = new ScriptStrategy();
        await using var h = await StartAsync(strategy);

        await h.TickAsync();
        await h.BookAsync([(99.8m, 1m)], [(100.2m, 1m)]);
        await h.Driver.PauseAsync();
        await h.TickAsync();
        await h.BookAsync([(99.7m, 1m)], [(100.3m, 1m)]);
        await h.Driver.ResumeAsync();
        await h.TickAsync();

        Assert.Equal(["start", "tick", "book", "paused", "resumed", "tick"], strategy.Calls);
    }

    [Fact]
    public async Task Pause_cancels_the_strategys_orders_and_resume_lets_it_quote_again()
    {
        var strategy = QuotingBoth();
        await using var h = await StartAsync(strategy);

        await h.Driver.PauseAsync("by hand");
        await h.SettleAsync();

        Assert.Equal(StrategyStatus.Paused, h.Driver.Status);
        Assert.Empty(h.Exchange.OpenOrders);
        Assert.Empty(h.Open);
        await h.Driver.ResumeAsync();
        Assert.Equal(StrategyStatus.Running, h.Driver.Status);
    }

    [Fact]
    public async Task A_strategy_that_throws_is_stopped_with_its_orders_cancelled_and_the_failure_recorded()
    {
        int ticks = 0;
        var strategy = new ScriptStrategy
        {
            Start = async ctx => await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid"),
            Tick = _ => ++ticks == 2 ? throw new InvalidOperationException("boom at tick 2") : default,
        };
        await using var h = await StartAsync(strategy);

        await h.TickAsync();
        await h.TickAsync();
        await h.SettleAsync();
        await h.TickAsync();

        Assert.Equal(StrategyStatus.Failed, h.Driver.Status);
        Assert.Equal("InvalidOperationException: boom at tick 2", h.Driver.Reason);
        Assert.Empty(h.Exchange.OpenOrders);
        Assert.Equal(2, ticks); // never called again
        var stored = await h.Store.LoadAsync("test");
        Assert.Contains("boom at tick 2", stored["run"], StringComparison.Ordinal);
        Assert.Contains("\"Failed\"", stored["run"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_cancels_the_orders_unless_asked_to_keep_them()
    {
        await using (var h = await StartAsync(QuotingBoth()))
        {
            await h.Driver.StopAsync();
            await h.SettleAsync();
            Assert.Empty(h.Exchange.OpenOrders);
            Assert.Equal(StrategyStatus.Stopped, h.Driver.Status);
        }

        await using (var h = await StartAsync(QuotingBoth()))
        {
            await h.Driver.StopAsync(cancelOrders: false);
            await h.SettleAsync();
            Assert.Equal(2, h.Exchange.OpenOrders.Count);
        }
    }

    [Fact]
    public async Task The_kill_switch_stops_the_strategy_as_soon_as_drawdown_from_peak_reaches_its_limit()
    {
        var options = new StrategyHostOptions { StrategyId = "test", KillSwitch = new KillSwitchOptions { Drawdown = 0.02m } };
        var strategy = QuotingBoth();
        await using var h = await StartAsync(strategy, options, balances: new Dictionary<string, decimal> { ["USD"] = 0m, ["BTC"] = 10m });

        // Equity 1000 at mid 100; up to 1100 at mid 110 (new peak), then down to 1077 (-2.09 %) at mid 107.7.
        await h.BookAsync([(109.9m, 1m)], [(110.1m, 1m)]);
        Assert.Equal(StrategyStatus.Running, h.Driver.Status);
        await h.BookAsync([(107.8m, 1m)], [(107.9m, 1m)]);
        Assert.Equal(StrategyStatus.Running, h.Driver.Status); // 1078.5: -1.95 %
        await h.BookAsync([(107.6m, 1m)], [(107.8m, 1m)]);

        Assert.Equal(StrategyStatus.Stopped, h.Driver.Status);
        Assert.StartsWith("kill switch: drawdown from peak equity", h.Driver.Reason);
        Assert.Empty(h.Exchange.OpenOrders);
    }

    [Fact]
    public async Task The_kill_switch_on_return_can_pause_instead_of_stop()
    {
        var options = new StrategyHostOptions
        {
            StrategyId = "test", KillSwitch = new KillSwitchOptions { Return = -0.05m, Action = KillSwitchAction.Pause },
        };
        await using var h = await StartAsync(new ScriptStrategy(), options, balances: new Dictionary<string, decimal> { ["USD"] = 0m, ["BTC"] = 10m });

        await h.BookAsync([(94.9m, 1m)], [(95.1m, 1m)]);

        Assert.Equal(StrategyStatus.Paused, h.Driver.Status);
        Assert.Equal("kill switch: return since start -5 % reached the limit -5 %", h.Driver.Reason);
    }
}

public class StrategyDriverResyncTests
{
    private sealed record StreamGap(DateTimeOffset Time) : KrakenBot.Connector.Trading.Events.ExchangeEvent(Time);

    [Fact]
    public async Task An_event_the_driver_does_not_know_such_as_a_gap_signal_makes_it_adopt_its_tagged_orders_and_read_them_again()
    {
        var strategy = new ScriptStrategy();
        await using var h = await StrategyHarness.StartAsync(strategy);
        // An order of this strategy that the driver never heard of (its events were missed).
        string id = await h.Exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.1m, 99m, clientTag: "kb:test"));
        await h.SettleAsync();
        Assert.Null(h.Driver.Orders.Find(id));

        await h.Driver.OnExchangeEventAsync(new StreamGap(h.Time.GetUtcNow()));

        Assert.Equal("adopted", h.Driver.Orders.Find(id)!.Label);
    }
}
