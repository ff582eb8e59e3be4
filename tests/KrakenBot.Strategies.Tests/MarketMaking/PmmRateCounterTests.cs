using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>Refreshes stretch to fit the pair's trading counter instead of tripping Kraken's rate limit (issue 12 §3).</summary>
public class PmmRateCounterTests
{
    [Fact]
    public async Task A_fast_refresh_on_a_moving_market_is_stretched_and_the_counter_never_goes_over_its_maximum()
    {
        // Starter counter: 60 points, 1 per second. Three levels amended every second cost 6 × 4 = 24 points.
        var (h, s) = await Pmm.StartAsync(c => c with { OrderLevels = 3, OrderRefreshTime = TimeSpan.FromSeconds(0.5) });
        await using var _ = h;
        var counter = (ITradingRateCounter)h.Exchange;
        decimal highest = 0m;
        for (int i = 0; i < 60; i++)
        {
            await h.MidAsync(i % 2 == 0 ? 100m : 101m);
            await h.TickAsync();
            highest = Math.Max(highest, counter.GetTradingCounter(StrategyHarness.BtcUsd).Level);
        }

        Assert.True(s.RefreshesStretched > 0, "some refreshes must have been put off");
        Assert.True(s.Amends > 20, $"quotes still follow the market ({s.Amends} amends)");
        Assert.True(highest <= 60m * (1 - PureMarketMaking.CounterReserve), $"the counter reached {highest}");
        Assert.Equal(0, s.Cancels);
    }

    [Fact]
    public async Task An_amend_costs_the_counter_less_than_the_cancel_and_new_order_it_replaces()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { OrderRefreshTime = TimeSpan.FromSeconds(5) });
        await using var _ = h;
        var counter = (ITradingRateCounter)h.Exchange;
        await h.TickAsync();
        for (int i = 0; i < 6; i++) await h.TickAsync(); // orders ~7 s old
        decimal before = counter.GetTradingCounter(StrategyHarness.BtcUsd).Level;
        h.Kit.SetBook([(101.9m, 5m)], [(102.1m, 5m)]);
        await h.Driver.BookChangedAsync(StrategyHarness.BtcUsd); // the clock stands still: no decay in between
        decimal after = counter.GetTradingCounter(StrategyHarness.BtcUsd).Level;

        Assert.Equal(2, s.Amends);
        Assert.Equal(2 * (1m + 2m), after - before); // amend at 5-10 s: +1 +2 each; cancel (+6) and add (+1) would be 14
    }
}
