using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>
/// The held inputs of an unchanged cycle compare prices by value: the same bits are the fast path, and a price written
/// at another scale (100.1 and 100.10) is still the same price, while any other price, or a missing one, is not.
/// </summary>
public class UnchangedCycleInputsTests
{
    private static readonly object Balances = new();
    private static readonly object State = new();
    private static readonly object Rule = new();
    private static readonly object Config = new();
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_top_and_the_reference_compare_by_value_whatever_their_scale()
    {
        var held = Held(100.1m, 100.0m, 100.2m);

        Assert.True(held.SameTop(100.0m, 100.2m));
        Assert.True(held.SameTop(100.00m, 100.200m));
        Assert.True(held.Same(Now, 100.10m, 100.00m, 100.2m, Balances, [], State, Rule, Config, 0.0025m));
        Assert.True(held.Same(Now, 100.1m, 100.0m, 100.2m, Balances, [], State, Rule, Config, 0.00250m));
    }

    [Fact]
    public void Another_price_a_missing_side_or_a_passed_deadline_is_not_the_same()
    {
        var held = Held(100.1m, 100.0m, 100.2m);

        Assert.False(held.SameTop(100.1m, 100.2m));
        Assert.False(held.SameTop(100.0m, null));
        Assert.False(held.SameTop(null, 100.2m));
        Assert.False(held.Same(Now, 100.2m, 100.0m, 100.2m, Balances, [], State, Rule, Config, 0.0025m));
        Assert.False(held.Same(Now, 100.1m, 100.0m, 100.2m, Balances, [], State, Rule, Config, 0.0026m));
        Assert.False(held.Same(Now.AddSeconds(1), 100.1m, 100.0m, 100.2m, Balances, [], State, Rule, Config, 0.0025m));
        Assert.False(Held(100m, null, 100.2m).SameTop(0m, 100.2m));
        Assert.True(Held(100m, null, 100.2m).SameTop(null, 100.2m));
    }

    [Fact]
    public void A_held_top_version_stands_for_the_held_prices_and_only_that_version_does()
    {
        var inputs = new UnchangedCycleInputs();
        inputs.Hold(100.1m, 100.0m, 100.2m, Balances, Array.Empty<OwnedOrder>(), State, Rule, Config, 0.0025m, Now.AddSeconds(1), topVersion: 7);

        Assert.True(inputs.SameTopVersion(7));
        Assert.False(inputs.SameTopVersion(8));
        Assert.False(inputs.SameTopVersion(null)); // a book that keeps no version: the prices are compared
        Assert.Equal((100.0m, 100.2m), (inputs.BestBid, inputs.BestAsk));
        Assert.True(inputs.SameAtHeldTop(Now, 100.1m, Balances, [], State, Rule, Config, 0.0025m));
        Assert.False(inputs.SameAtHeldTop(Now, 100.2m, Balances, [], State, Rule, Config, 0.0025m));
        Assert.False(Held(100.1m, 100.0m, 100.2m).SameTopVersion(7)); // held without a version
        inputs.Clear();
        Assert.False(inputs.SameTopVersion(7));
    }

    private static UnchangedCycleInputs Held(decimal reference, decimal? bid, decimal? ask)
    {
        var inputs = new UnchangedCycleInputs();
        inputs.Hold(reference, bid, ask, Balances, Array.Empty<OwnedOrder>(), State, Rule, Config, 0.0025m, Now.AddSeconds(1));
        return inputs;
    }
}
