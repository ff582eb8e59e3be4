using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>Spreads, levels, amounts, refresh time, tolerance, max order age, minimum spread: research §1.1-1.2.</summary>
public class PmmLevelsAndRefreshTests
{
    [Theory]
    // bid %, ask %, levels, level spread %, amount, level amount → buys and sells (price@size), mid 100, tick 0.1.
    [InlineData(1, 1, 1, 1, 0.1, 0, "99.0@0.1", "101.0@0.1")]
    [InlineData(0.5, 2, 1, 1, 0.2, 0, "99.5@0.2", "102.0@0.2")]
    [InlineData(1, 1, 3, 0.5, 0.1, 0.05, "99.0@0.1 98.5@0.15 98.0@0.2", "101.0@0.1 101.5@0.15 102.0@0.2")]
    [InlineData(1, 1, 3, 1, 0.3, -0.1, "99.0@0.3 98.0@0.2 97.0@0.1", "101.0@0.3 102.0@0.2 103.0@0.1")]
    [InlineData(1, 1, 3, 1, 0.1, -0.1, "99.0@0.1", "101.0@0.1")] // sizes ≤ 0 dropped
    [InlineData(0.33, 0.33, 1, 1, 0.1, 0, "99.6@0.1", "100.4@0.1")] // buys round down, sells up: never inside the spread
    public async Task The_first_set_follows_spreads_levels_and_level_amounts(decimal bid, decimal ask, int levels, decimal levelSpread,
        decimal amount, decimal levelAmount, string buys, string sells)
    {
        var (h, _) = await Pmm.StartAsync(c => c with
        {
            BidSpread = bid / 100,
            AskSpread = ask / 100,
            OrderLevels = levels,
            OrderLevelSpread = levelSpread / 100,
            OrderAmount = amount,
            OrderLevelAmount = levelAmount,
        });
        await using var _ = h;
        await h.TickAsync();

        Assert.Equal(buys, string.Join(" ", h.Buys().Select(o => $"{o.Price}@{o.Amount:0.########}")));
        Assert.Equal(sells, string.Join(" ", h.Sells().Select(o => $"{o.Price}@{o.Amount:0.########}")));
        Assert.All(h.Exchange.OpenOrders, o => Assert.Equal(OrderType.LimitMaker, o.Request.Type));
    }

    [Fact]
    public async Task Before_the_refresh_time_a_moved_price_changes_nothing_after_it_the_set_is_amended_in_place()
    {
        var (h, s) = await Pmm.StartAsync();
        await using var _ = h;
        await h.TickAsync();
        var ids = h.Ids();

        await h.MidAsync(102m);
        await h.TickAsync(); // 2.2 s after creation: not due
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());

        for (int i = 0; i < 8; i++) await h.TickAsync();
        await h.SettleAsync();

        Assert.Equal(Pmm.P((100.9m, 0.1m)), h.Buys());   // 102 × 0.99 = 100.98 → 100.9
        Assert.Equal(Pmm.P((103.1m, 0.1m)), h.Sells());  // 102 × 1.01 = 103.02 → 103.1
        Assert.Equal(ids, h.Ids());                       // the same orders, amended
        Assert.Equal(2, s.Amends);
        Assert.Equal(0, s.Cancels);
        Assert.Equal(2, s.Places);
    }

    [Fact]
    public async Task A_move_within_tolerance_defers_the_refresh_and_the_first_tick_beyond_it_refreshes()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { OrderRefreshTolerance = 0.005m });
        await using var _ = h;
        await h.TickAsync();
        for (int i = 0; i < 10; i++) await h.TickAsync(); // past the refresh time

        await h.MidAsync(100.4m); // new bid 99.3 vs 99.0: 0.30 % ≤ 0.5 %
        await h.TickAsync();
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());
        Assert.Equal(0, s.Amends);

        await h.MidAsync(100.6m); // new bid 99.5 vs 99.0: 0.51 % > 0.5 %: refreshed on the book change itself
        await h.SettleAsync();
        Assert.Equal(Pmm.P((99.5m, 0.1m)), h.Buys());
        Assert.Equal(Pmm.P((101.7m, 0.1m)), h.Sells());
    }

    [Fact]
    public async Task A_negative_tolerance_never_defers_and_zero_refreshes_on_any_change()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { OrderRefreshTolerance = 0m });
        await using var _ = h;
        await h.TickAsync();
        for (int i = 0; i < 10; i++) await h.TickAsync();
        Assert.Equal(0, s.Amends); // the same proposal: within a zero tolerance

        await h.MidAsync(100.1m); // bid 99.09 → 99.0 (same), ask 101.101 → 101.2: a change
        await h.SettleAsync();
        Assert.Equal(1, s.Amends);
        Assert.Equal(Pmm.P((101.2m, 0.1m)), h.Sells());
    }

    [Fact]
    public async Task Orders_older_than_max_order_age_are_refreshed_even_within_tolerance()
    {
        var (h, s) = await Pmm.StartAsync(c => c with
        {
            OrderRefreshTolerance = 0.05m,
            MaxOrderAge = TimeSpan.FromSeconds(30),
        });
        await using var _ = h;
        await h.TickAsync();
        await h.MidAsync(100.5m); // within 5 %
        for (int i = 0; i < 20; i++) await h.TickAsync(); // 22 s
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());

        for (int i = 0; i < 10; i++) await h.TickAsync(); // 33 s > 30 s
        await h.SettleAsync();
        Assert.Equal(Pmm.P((99.4m, 0.1m)), h.Buys());    // 100.5 × 0.99 = 99.495 → 99.4
        Assert.Equal(Pmm.P((101.6m, 0.1m)), h.Sells());  // 101.505 → 101.6
        Assert.Equal(2, s.Amends);

        await h.MidAsync(100.7m); // within tolerance again, and the orders are young again: nothing moves
        for (int i = 0; i < 20; i++) await h.TickAsync();
        Assert.Equal(2, s.Amends);
    }

    [Fact]
    public async Task After_a_max_age_refresh_an_order_it_left_unchanged_is_young_again()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { OrderRefreshTolerance = 0.05m, MaxOrderAge = TimeSpan.FromSeconds(30) });
        await using var _ = h;
        await h.TickAsync();
        await h.MidAsync(100.05m); // buy stays 99.0 (99.0495), sell would be 101.1
        for (int i = 0; i < 30; i++) await h.TickAsync();
        await h.SettleAsync();
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());
        Assert.Equal(Pmm.P((101.1m, 0.1m)), h.Sells());
        Assert.Equal(1, s.Amends);

        await h.MidAsync(100.15m); // buy would be 99.1: within tolerance, and neither order is old now
        for (int i = 0; i < 5; i++) await h.TickAsync();
        Assert.Equal(1, s.Amends);
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());
    }

    [Fact]
    public async Task An_order_that_comes_within_the_minimum_spread_is_cancelled_on_the_next_tick_whatever_the_timers()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { MinimumSpread = 0.005m, OrderRefreshTime = TimeSpan.FromSeconds(60) });
        await using var _ = h;
        await h.TickAsync();

        await h.MidAsync(99.4m); // our bid 99.0 is now 0.40 % below the mid: under 0.5 %
        await h.TickAsync();
        await h.SettleAsync();

        Assert.Empty(h.Buys());
        Assert.Equal(Pmm.P((101.0m, 0.1m)), h.Sells()); // 1.6 % away: kept
        Assert.Equal(1, s.Cancels);
    }

    [Fact]
    public async Task While_a_set_is_refreshed_by_amend_the_book_never_lacks_our_quotes()
    {
        var (h, _) = await Pmm.StartAsync(c => c with { OrderLevels = 2 });
        await using var _ = h;
        await h.TickAsync();
        int fewest = int.MaxValue;
        for (int i = 0; i < 40; i++)
        {
            await h.MidAsync(100m + (i % 7) * 0.3m);
            await h.TickAsync();
            fewest = Math.Min(fewest, h.Exchange.OpenOrders.Count(o => o.State is OrderState.Open or OrderState.PartiallyFilled));
        }

        Assert.Equal(4, fewest);
    }
}
