using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.RateLimits.BudgetTestKit;

namespace KrakenBot.Connector.Tests.RateLimits;

public class TradingRateBudgetTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly TradingPair EthUsd = new("ETH", "USD");
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData(0.0, 8)]
    [InlineData(4.999, 8)]
    [InlineData(5.0, 6)] // exactly 5 s is in the "< 10 s" bracket
    [InlineData(9.999, 6)]
    [InlineData(10.0, 5)]
    [InlineData(14.999, 5)]
    [InlineData(15.0, 4)]
    [InlineData(44.999, 4)]
    [InlineData(45.0, 2)]
    [InlineData(89.999, 2)]
    [InlineData(90.0, 1)]
    [InlineData(299.999, 1)]
    [InlineData(300.0, 0)] // exactly 300 s costs nothing
    [InlineData(86400.0, 0)]
    [InlineData(-1.0, 8)] // clocks disagree: treat as brand new
    public void Cancel_penalty_follows_order_age(double ageSeconds, int expected)
    {
        Assert.Equal(expected, TradingCost.CancelOrder(TimeSpan.FromSeconds(ageSeconds)));
    }

    [Theory]
    [InlineData(0.0, 4)]
    [InlineData(4.999, 4)]
    [InlineData(5.0, 3)]
    [InlineData(10.0, 2)]
    [InlineData(14.999, 2)]
    [InlineData(15.0, 1)]
    [InlineData(600.0, 1)]
    public void Amend_costs_one_plus_a_penalty_under_15_seconds(double ageSeconds, int expected)
    {
        Assert.Equal(expected, TradingCost.AmendOrder(TimeSpan.FromSeconds(ageSeconds)));
    }

    [Theory]
    [InlineData(0.0, 7)]
    [InlineData(5.0, 6)]
    [InlineData(10.0, 5)]
    [InlineData(15.0, 3)]
    [InlineData(45.0, 2)]
    [InlineData(89.999, 2)]
    [InlineData(90.0, 1)]
    [InlineData(300.0, 1)]
    public void Edit_costs_one_plus_a_penalty_under_90_seconds(double ageSeconds, int expected)
    {
        Assert.Equal(expected, TradingCost.EditOrder(TimeSpan.FromSeconds(ageSeconds)));
    }

    [Fact]
    public void Add_and_batch_costs()
    {
        Assert.Equal(1m, TradingCost.AddOrder);
        Assert.Equal(5m, TradingCost.AddOrderBatch(10));
        Assert.Equal(1.5m, TradingCost.AddOrderBatch(3));
        Assert.Equal(8m + 6m + 0m, TradingCost.CancelOrderBatch([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(400)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TradingCost.AddOrderBatch(0));
    }

    [Fact]
    public void Kraken_worked_example_add_amend_after_7s_cancel_after_36s_more()
    {
        // Kraken's Spot Trading Limits page: add (+1), amend at 7 s (+1 fixed, +2), cancel 36 s after the amend (+4) = 8.
        decimal total = TradingCost.AddOrder + TradingCost.AmendOrder(TimeSpan.FromSeconds(7)) + TradingCost.CancelOrder(TimeSpan.FromSeconds(36));
        Assert.Equal(8m, total);
    }

    [Theory]
    [InlineData(KrakenTier.Starter, 60, "1")]
    [InlineData(KrakenTier.Intermediate, 125, "2.34")]
    [InlineData(KrakenTier.Pro, 180, "3.75")]
    public async Task A_burst_of_adds_fills_the_pair_then_waits_at_the_tier_decay(KrakenTier tier, int max, string decayText)
    {
        decimal decay = decimal.Parse(decayText, System.Globalization.CultureInfo.InvariantCulture);
        var clock = NewClock();
        var budget = new TradingRateBudget(tier, clock);
        Assert.Equal(max, budget.Max);
        Assert.Equal(decay, budget.DecayPerSecond);

        var adds = Enumerable.Range(0, max + 2).Select(_ => budget.WaitAsync(BtcUsd, TradingCost.AddOrder, default).AsTask()).ToList();
        Assert.Equal(max, adds.Count(a => a.IsCompletedSuccessfully));

        for (int k = 1; k <= 2; k++)
        {
            var due = TimeSpan.FromTicks((long)(k / decay * TimeSpan.TicksPerSecond));
            clock.AdvanceTo(due - Margin);
            await AssertPending(adds[max + k - 1], $"add {max + k}");
            clock.AdvanceTo(due + Margin);
            await AssertCompletes(adds[max + k - 1], $"add {max + k}");
        }
    }

    [Fact]
    public void Pairs_have_separate_counters()
    {
        var budget = new TradingRateBudget(KrakenTier.Starter, NewClock());
        for (int i = 0; i < 60; i++)
        {
            Assert.True(budget.WaitAsync(BtcUsd, 1m, default).IsCompletedSuccessfully);
        }

        Assert.False(budget.WaitAsync(BtcUsd, 1m, default).IsCompleted);
        Assert.True(budget.WaitAsync(EthUsd, 1m, default).IsCompletedSuccessfully);
        Assert.Equal(60m, budget.LevelOf(BtcUsd)); // full again at the waiting add's send time
        Assert.Equal(1m, budget.LevelOf(EthUsd));
    }

    [Fact]
    public void Equal_pairs_share_one_counter_whichever_pair_was_read_before()
    {
        // The budget remembers the last counter found by the pair object's reference: another object with the same names
        // must reach the same counter, and another pair its own, in any order.
        var budget = new TradingRateBudget(KrakenTier.Starter, NewClock());
        var sameBtcUsd = new TradingPair("BTC", "USD");
        budget.Charge(BtcUsd, 5m);
        Assert.Equal(5m, budget.LevelOf(sameBtcUsd));
        budget.Charge(EthUsd, 2m);
        Assert.Equal(5m, budget.LevelOf(BtcUsd));
        budget.Charge(sameBtcUsd, 1m);
        Assert.Equal(2m, budget.LevelOf(EthUsd));
        Assert.Equal(6m, budget.LevelOf(BtcUsd));
        Assert.Equal(6m, budget.LevelOf(sameBtcUsd));
        Assert.Equal(2m, budget.Reading(new TradingPair("ETH", "USD")).Level);
    }

    [Fact]
    public async Task Cancelling_a_young_order_waits_for_its_whole_penalty()
    {
        var clock = NewClock();
        var budget = new TradingRateBudget(KrakenTier.Starter, clock);
        await budget.WaitAsync(BtcUsd, 55m, default); // 55 of 60 used

        var youngCancel = budget.WaitAsync(BtcUsd, TradingCost.CancelOrder(TimeSpan.FromSeconds(2)), default).AsTask(); // +8
        clock.AdvanceTo(TimeSpan.FromSeconds(3) - Margin);
        await AssertPending(youngCancel, "cancel of a 2 s old order");
        clock.AdvanceTo(TimeSpan.FromSeconds(3) + Margin); // 55 - 3 + 8 = 60
        await AssertCompletes(youngCancel, "cancel of a 2 s old order");

        var oldCancel = budget.WaitAsync(BtcUsd, TradingCost.CancelOrder(TimeSpan.FromSeconds(300)), default);
        Assert.True(oldCancel.IsCompletedSuccessfully); // costs 0: never waits
    }

    [Fact]
    public async Task Rate_limit_exceeded_fills_only_that_pair()
    {
        var clock = NewClock();
        var budget = new TradingRateBudget(KrakenTier.Pro, clock);
        budget.OnRateLimitExceeded(BtcUsd);

        Assert.True(budget.WaitAsync(EthUsd, 1m, default).IsCompletedSuccessfully);
        var add = budget.WaitAsync(BtcUsd, 1m, default).AsTask();
        var due = TimeSpan.FromTicks((long)(1 / 3.75m * TimeSpan.TicksPerSecond));
        clock.AdvanceTo(due - Margin);
        await AssertPending(add, "add after EOrder:Rate limit exceeded");
        clock.AdvanceTo(due + Margin);
        await AssertCompletes(add, "add after decay");
    }

    [Fact]
    public async Task A_batch_cancel_over_the_maximum_goes_on_an_empty_counter_and_counts_in_full()
    {
        var clock = NewClock();
        var budget = new TradingRateBudget(KrakenTier.Starter, clock);
        var ages = Enumerable.Repeat(TimeSpan.FromSeconds(1), 10).ToList(); // 10 × 8 = 80 > 60

        Assert.True(budget.WaitAsync(BtcUsd, TradingCost.CancelOrderBatch(ages), default).IsCompletedSuccessfully);
        var add = budget.WaitAsync(BtcUsd, 1m, default).AsTask(); // 80 + 1 - 60: 21 s of decay
        clock.AdvanceTo(TimeSpan.FromSeconds(21) - Margin);
        await AssertPending(add, "add after an oversized batch cancel");
        clock.AdvanceTo(TimeSpan.FromSeconds(21) + Margin);
        await AssertCompletes(add, "add after an oversized batch cancel");
    }
}
