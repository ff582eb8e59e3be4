using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>Filled-order delay, ping-pong and hanging orders (research §1.1, §1.4).</summary>
public class PmmFillTests
{
    [Fact]
    public async Task After_a_complete_fill_the_rest_of_the_set_is_withdrawn_at_the_refresh_time_and_quotes_return_after_the_delay()
    {
        var (h, _) = await Pmm.StartAsync(); // refresh 10 s, delay 30 s
        await using var _ = h;
        var start = h.Time.GetUtcNow();
        await h.TickAsync();
        await h.TickAsync();
        await h.PrintAsync(98.9m, 0.1m, OrderSide.Sell); // the buy fills completely

        while (h.Time.GetUtcNow() - start < TimeSpan.FromSeconds(12)) await h.TickAsync();
        Assert.Empty(h.Buys());
        Assert.Empty(h.Sells());                  // withdrawn at the refresh time (Hummingbot's behaviour, #3472)
        while (h.Time.GetUtcNow() - start < TimeSpan.FromSeconds(30)) await h.TickAsync();
        Assert.Empty(h.Buys());                   // still within the 30 s delay

        while (h.Time.GetUtcNow() - start < TimeSpan.FromSeconds(36)) await h.TickAsync();
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());
        Assert.Equal(Pmm.P((101.0m, 0.1m)), h.Sells());
    }

    [Fact]
    public async Task Ping_pong_removes_the_filled_sides_top_level_until_the_other_side_fills()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { OrderLevels = 2, PingPongEnabled = true, FilledOrderDelay = TimeSpan.FromSeconds(1) });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal(Pmm.P((99.0m, 0.1m), (98.0m, 0.1m)), h.Buys());

        await h.PrintAsync(98.95m, 0.1m, OrderSide.Sell); // level-0 buy fills
        for (int i = 0; i < 12; i++) await h.TickAsync();
        Assert.Equal(Pmm.P((98.0m, 0.1m)), h.Buys());
        Assert.Equal(Pmm.P((101.0m, 0.1m), (102.0m, 0.1m)), h.Sells());
        Assert.Equal(1, s.State.FilledBuys);
        Assert.Contains("  Ping-pong removed 1 buy orders.", s.Warnings);

        await h.PrintAsync(101.05m, 0.1m, OrderSide.Buy); // level-0 sell fills: balanced again
        for (int i = 0; i < 12; i++) await h.TickAsync();
        await h.SettleAsync();
        Assert.Equal(Pmm.P((99.0m, 0.1m), (98.0m, 0.1m)), h.Buys());
        Assert.Equal(Pmm.P((101.0m, 0.1m), (102.0m, 0.1m)), h.Sells());
        Assert.Equal((0, 0), (s.State.FilledBuys, s.State.FilledSells));
    }

    [Fact]
    public async Task Hanging_orders_across_a_partial_fill_only_the_other_side_of_a_completely_filled_pair_hangs()
    {
        var (h, s) = await Pmm.StartAsync(c => c with
        {
            HangingOrdersEnabled = true,
            HangingOrdersCancel = 0.1m,
            FilledOrderDelay = TimeSpan.FromSeconds(1),
        });
        await using var _ = h;
        await h.TickAsync();
        string sellId = h.Open.Single(o => o.Side == OrderSide.Sell).ClientOrderId;

        await h.PrintAsync(98.9m, 0.04m, OrderSide.Sell); // partial fill: nothing hangs
        await h.MidAsync(102m);
        for (int i = 0; i < 10; i++) await h.TickAsync();
        await h.SettleAsync();
        Assert.Empty(s.State.Hanging);
        Assert.Equal(Pmm.P((100.9m, 0.1m)), h.Buys());       // amended: price, and size topped up to 0.1 open
        Assert.Equal(0.14m, h.Open.Single(o => o.Side == OrderSide.Buy).Order.Request.Amount);
        Assert.Equal(Pmm.P((103.1m, 0.1m)), h.Sells());

        await h.PrintAsync(100.8m, 0.5m, OrderSide.Sell);    // the buy now fills completely
        for (int i = 0; i < 12; i++) await h.TickAsync();
        await h.SettleAsync();
        Assert.Equal([sellId], s.State.Hanging);
        var hanging = h.Driver.Orders.Find(sellId)!;
        Assert.Equal(("hang", 103.1m), (hanging.Label, hanging.Price)); // kept where it was
        Assert.Equal(Pmm.P((100.9m, 0.1m)), h.Buys());                  // a new regular set around it
        Assert.Equal(2, h.Sells().Length);

        await h.PrintAsync(103.2m, 0.03m, OrderSide.Buy);    // the hanging order fills in part: still hanging
        for (int i = 0; i < 3; i++) await h.TickAsync();
        Assert.Equal([sellId], s.State.Hanging);
        Assert.Equal(0.07m, h.Driver.Orders.Find(sellId)!.RemainingAmount);

        await h.MidAsync(93m);                               // 103.1 is 10.9 % away: cancelled
        await h.TickAsync();
        await h.SettleAsync();
        Assert.True(h.Driver.Orders.Find(sellId)?.IsTerminal ?? true);
        Assert.Empty(s.State.Hanging);
    }

    [Fact]
    public async Task A_hanging_orders_fill_moves_neither_the_filled_order_delay_nor_the_ping_pong_counters()
    {
        var (h, s) = await Pmm.StartAsync(c => c with
        {
            HangingOrdersEnabled = true,
            PingPongEnabled = true,
            FilledOrderDelay = TimeSpan.FromSeconds(1),
        });
        await using var _ = h;
        await h.TickAsync();
        await h.PrintAsync(98.9m, 0.1m, OrderSide.Sell); // buy fills: sell becomes a candidate
        for (int i = 0; i < 12; i++) await h.TickAsync();
        string hanging = Assert.Single(s.State.Hanging);
        Assert.Equal((1, 0), (s.State.FilledBuys, s.State.FilledSells));
        var createAt = s.CreateAt;

        await h.PrintAsync(101.05m, 0.1m, OrderSide.Buy); // fills the hanging sell (first in the queue at 101.0)
        await h.TickAsync();

        Assert.True(h.Driver.Orders.Find(hanging)!.IsTerminal);
        Assert.Empty(s.State.Hanging);
        Assert.Equal((1, 0), (s.State.FilledBuys, s.State.FilledSells));
        Assert.Equal(createAt, s.CreateAt);
    }
}
