using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Matching;

public sealed class MatchingEngineTests
{
    [Fact]
    public void Orders_at_the_same_price_fill_in_arrival_order()
    {
        using var f = new EngineFixture();
        var first = f.Placed(f.Limit(f.Account("a"), Side.Sell, 1m, 60000m));
        var second = f.Placed(f.Limit(f.Account("b"), Side.Sell, 1m, 60000m));
        var better = f.Placed(f.Limit(f.Account("c"), Side.Sell, 1m, 59999.9m));

        var taker = f.Placed(f.Limit(f.Account("t"), Side.Buy, 1.5m, 60000m));

        Assert.Equal(OrderStatus.Closed, better.Status);
        Assert.Equal(0.5m, first.Filled);
        Assert.Equal(0m, second.Filled);
        Assert.Equal(OrderStatus.Closed, taker.Status);
        Assert.Equal(1.5m, taker.Filled);
        Assert.Equal(Money.Round(59999.9m + 0.5m * 60000m, 4), taker.Cost);
    }

    [Fact]
    public void A_partial_fill_rests_the_remainder_and_updates_the_level()
    {
        using var f = new EngineFixture();
        f.Placed(f.Limit(f.Account("m"), Side.Sell, 0.4m, 60000m));
        var taker = f.Placed(f.Limit(f.Account("t"), Side.Buy, 1m, 60000m));

        Assert.Equal(OrderStatus.Open, taker.Status);
        Assert.Equal(0.4m, taker.Filled);
        var book = f.BtcEngine.Snapshot(10);
        Assert.Empty(book.Asks);
        Assert.Equal(new BookLevel(60000m, 0.6m, book.Bids[0].UpdatedAt), Assert.Single(book.Bids));
    }

    [Fact]
    public void Post_only_that_would_take_is_rejected_with_krakens_error()
    {
        using var f = new EngineFixture();
        f.Placed(f.Limit(f.Account("m"), Side.Sell, 1m, 60000m));
        var result = f.Limit(f.Account("t"), Side.Buy, 1m, 60000m, postOnly: true);
        Assert.Equal("EOrder:Post only order", result.Error);
        var resting = f.Placed(f.Limit(f.Account("t2"), Side.Buy, 1m, 59999.9m, postOnly: true));
        Assert.Equal(OrderStatus.Open, resting.Status);
    }

    [Fact]
    public void Ioc_remainder_is_cancelled_and_its_hold_released()
    {
        using var f = new EngineFixture();
        f.Placed(f.Limit(f.Account("m"), Side.Sell, 0.25m, 60000m));
        var taker = f.Account("t", usd: 100_000m, btc: 0m);
        var order = f.Placed(f.Limit(taker, Side.Buy, 1m, 60000m, TimeInForce.Ioc));

        Assert.Equal(OrderStatus.Canceled, order.Status);
        Assert.Equal(0.25m, order.Filled);
        Assert.Empty(f.BtcEngine.Snapshot(10).Bids);
        var (total, held) = f.Balance(taker, f.Usd);
        Assert.Equal(0m, held);
        Assert.Equal(100_000m - 15000m - order.Fee, total);
    }

    [Fact]
    public void Fok_fills_all_or_nothing()
    {
        using var f = new EngineFixture();
        var maker = f.Placed(f.Limit(f.Account("m"), Side.Sell, 0.5m, 60000m));
        var tooBig = f.Placed(f.Limit(f.Account("t"), Side.Buy, 0.6m, 60000m, TimeInForce.Fok));
        Assert.Equal(OrderStatus.Canceled, tooBig.Status);
        Assert.Equal(0m, tooBig.Filled);
        Assert.Equal(0m, maker.Filled);

        var fits = f.Placed(f.Limit(f.Account("t2"), Side.Buy, 0.5m, 60000m, TimeInForce.Fok));
        Assert.Equal(OrderStatus.Closed, fits.Status);
        Assert.Equal(0.5m, fits.Filled);
    }

    [Theory]
    [InlineData("CancelNewest", true, false)]
    [InlineData("CancelOldest", false, true)]
    [InlineData("CancelBoth", false, false)]
    public void Self_trade_prevention_cancels_the_chosen_side(string stpName, bool restingSurvives, bool takerTrades)
    {
        var stp = Enum.Parse<SelfTradePrevention>(stpName);
        using var f = new EngineFixture();
        var me = f.Account("me");
        var resting = f.Placed(f.Limit(me, Side.Sell, 1m, 60000m));
        f.Placed(f.Limit(f.Account("other"), Side.Sell, 1m, 60000.1m));

        var taker = f.Placed(f.Limit(me, Side.Buy, 1m, 60000.1m, stp: stp));

        Assert.Equal(restingSurvives, resting.IsOpen);
        Assert.Equal(0m, resting.Filled);
        Assert.Equal(takerTrades ? 1m : 0m, taker.Filled);
        Assert.Equal(takerTrades ? OrderStatus.Closed : OrderStatus.Canceled, taker.Status);
    }

    [Fact]
    public void Maker_and_taker_pay_their_schedule_in_quote_by_default()
    {
        using var f = new EngineFixture();
        var maker = f.Account("m", usd: 0m, btc: 1m);
        var taker = f.Account("t", usd: 70_000m, btc: 0m);
        f.Placed(f.Limit(maker, Side.Sell, 1m, 60000m));
        var buy = f.Placed(f.Limit(taker, Side.Buy, 1m, 60000m));

        Assert.Equal(156m, buy.Fee); // 0.26 % taker
        Assert.Equal((60000m - 96m, 0m), f.Balance(maker, f.Usd)); // 0.16 % maker
        Assert.Equal((0m, 0m), f.Balance(maker, f.Xbt));
        Assert.Equal((70_000m - 60000m - 156m, 0m), f.Balance(taker, f.Usd));
        Assert.Equal((1m, 0m), f.Balance(taker, f.Xbt));
    }

    [Fact]
    public void Fee_in_base_is_taken_from_the_bought_asset()
    {
        using var f = new EngineFixture();
        f.Placed(f.Limit(f.Account("m"), Side.Sell, 1m, 60000m));
        var taker = f.Account("t", usd: 60_000m, btc: 0m);
        var buy = f.Placed(f.Limit(taker, Side.Buy, 1m, 60000m, feeInBase: true));

        Assert.Equal(0.0026m, buy.Fee);
        Assert.Equal((0m, 0m), f.Balance(taker, f.Usd));
        Assert.Equal((0.9974m, 0m), f.Balance(taker, f.Xbt));
    }

    [Fact]
    public void Holds_cover_open_orders_and_are_released_on_cancel()
    {
        using var f = new EngineFixture();
        var trader = f.Account("t", usd: 10_000m, btc: 1m);
        var buy = f.Placed(f.Limit(trader, Side.Buy, 0.1m, 50000m));
        var sell = f.Placed(f.Limit(trader, Side.Sell, 0.4m, 70000m));

        Assert.Equal((10_000m, 5000m + 13m), f.Balance(trader, f.Usd)); // cost + worst (taker) fee
        Assert.Equal((1m, 0.4m), f.Balance(trader, f.Xbt));
        Assert.Equal("EOrder:Insufficient funds", f.Limit(trader, Side.Buy, 0.1m, 50000m).Error);

        Assert.Null(f.BtcEngine.Cancel(buy).Error);
        Assert.Null(f.BtcEngine.Cancel(sell).Error);
        Assert.Equal((10_000m, 0m), f.Balance(trader, f.Usd));
        Assert.Equal((1m, 0m), f.Balance(trader, f.Xbt));
        Assert.Equal("EOrder:Unknown order", f.BtcEngine.Cancel(buy).Error);
    }

    [Fact]
    public void Gtd_orders_expire_on_the_clock()
    {
        using var f = new EngineFixture();
        var trader = f.Account("t");
        var order = f.Placed(f.Limit(trader, Side.Buy, 1m, 50000m, TimeInForce.Gtd, expire: f.Clock.GetUtcNow().AddSeconds(30)));

        f.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(OrderStatus.Open, order.Status);
        f.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Empty(f.BtcEngine.Snapshot(10).Bids);
        Assert.Equal(0m, f.Balance(trader, f.Usd).Held);
    }

    [Fact]
    public void Pair_rules_are_enforced_in_krakens_order()
    {
        using var f = new EngineFixture();
        var t = f.Account("t");
        Assert.Equal("EOrder:Order minimum not met", f.Limit(t, Side.Buy, 0.00009m, 60000m).Error);
        Assert.Equal("EOrder:Cost minimum not met", f.Limit(t, Side.Buy, 0.0001m, 100m).Error);
        Assert.Equal("EOrder:Tick size check failed", f.Limit(t, Side.Buy, 1m, 60000.05m).Error);
        Assert.Equal("EGeneral:Invalid arguments:volume", f.Limit(t, Side.Buy, 1.000000001m, 60000m).Error);
    }

    [Fact]
    public void Market_orders_stop_at_the_price_protection_band()
    {
        using var f = new EngineFixture();
        var m = f.Account("m");
        f.Placed(f.Limit(m, Side.Sell, 1m, 60000m));
        f.Placed(f.Limit(m, Side.Sell, 1m, 60500m));
        f.Placed(f.Limit(m, Side.Sell, 1m, 61000m)); // 1.67 % away: outside the 1 % band

        var taker = f.Account("t", usd: 500_000m, btc: 0m);
        var order = f.Placed(f.Market(taker, Side.Buy, 3m));
        Assert.Equal(2m, order.Filled);
        Assert.Equal(OrderStatus.Canceled, order.Status);
        Assert.Equal(0m, f.Balance(taker, f.Usd).Held);

        var noProtection = f.Placed(f.Market(taker, Side.Buy, 1m, nompp: true));
        Assert.Equal(1m, noProtection.Filled);
    }

    [Fact]
    public void Market_buy_with_volume_in_quote_spends_at_most_that_amount()
    {
        using var f = new EngineFixture();
        f.Placed(f.Limit(f.Account("m"), Side.Sell, 1m, 60000m));
        var taker = f.Account("t", usd: 10_000m, btc: 0m);
        var order = f.Placed(f.Market(taker, Side.Buy, 6000m, viqc: true));
        Assert.Equal(0.1m, order.Filled);
        Assert.Equal(6000m, order.Cost);
        Assert.Equal((10_000m - 6000m - order.Fee, 0m), f.Balance(taker, f.Usd));
    }

    [Fact]
    public void Amend_keeps_priority_on_a_smaller_quantity_and_loses_it_on_a_new_price()
    {
        using var f = new EngineFixture();
        var a = f.Placed(f.Limit(f.Account("a"), Side.Sell, 1m, 60000m));
        var b = f.Placed(f.Limit(f.Account("b"), Side.Sell, 1m, 60000m));

        Assert.Null(f.BtcEngine.Amend(a, 0.5m, null, false).Error);
        Assert.StartsWith("T", f.BtcEngine.Amend(b, null, 60000m, false).AmendId);
        f.Placed(f.Limit(f.Account("t"), Side.Buy, 0.5m, 60000m));
        Assert.Equal(OrderStatus.Closed, a.Status); // a kept its place at the front

        var c = f.Placed(f.Limit(f.Account("c"), Side.Sell, 1m, 60000m));
        Assert.Null(f.BtcEngine.Amend(b, null, 60000.1m, false).Error);
        Assert.Null(f.BtcEngine.Amend(b, null, 60000m, false).Error); // back at 60000, behind c
        f.Placed(f.Limit(f.Account("t2"), Side.Buy, 1m, 60000m));
        Assert.Equal(OrderStatus.Closed, c.Status);
        Assert.Equal(0m, b.Filled);
        Assert.True(b.Amended);
    }

    [Fact]
    public void Edit_replaces_the_order_with_a_new_id()
    {
        using var f = new EngineFixture();
        var t = f.Account("t", usd: 100_000m);
        var original = f.Placed(f.Limit(t, Side.Buy, 1m, 50000m));
        var replaced = f.Placed(f.BtcEngine.Edit(original, 1.5m, 51000m, null, 7, validateOnly: false));

        Assert.Equal(OrderStatus.Canceled, original.Status);
        Assert.NotEqual(original.Txid, replaced.Txid);
        Assert.Equal(1.5m, replaced.Volume);
        Assert.Equal(7, replaced.UserRef);
        Assert.Equal(Money.Ceiling(1.5m * 51000m * 1.0026m, 4), f.Balance(t, f.Usd).Held);
    }

    [Fact]
    public void Ids_look_like_krakens_and_repeat_for_a_seed()
    {
        string Run()
        {
            using var f = new EngineFixture(seed: 42);
            return f.Placed(f.Limit(f.Account("a"), Side.Buy, 1m, 50000m)).Txid;
        }
        var id = Run();
        Assert.Matches("^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$", id);
        Assert.Equal(id, Run());
    }
}
