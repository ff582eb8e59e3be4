using System.Net;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>Price types and price sources (research §1.1): the reference each one gives, shown by the first set it quotes.</summary>
public class PmmPriceSourceTests
{
    [Theory]
    [InlineData(PriceType.MidPrice, "99.0", "101.0")]   // 100
    [InlineData(PriceType.BestBid, "98.9", "100.9")]    // 99.9: 98.901 / 100.899
    [InlineData(PriceType.BestAsk, "99.0", "101.2")]    // 100.1: 99.099 / 101.101
    [InlineData(PriceType.LastOwnTradePrice, "99.0", "101.0")] // no own fill yet: mid
    [InlineData(PriceType.LastPrice, "99.0", "101.0")]  // no print yet: mid
    public async Task Each_price_type_gives_its_reference(PriceType type, string buy, string sell)
    {
        var (h, s) = await Pmm.StartAsync(c => c with { PriceType = type });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal(buy, string.Join(" ", h.Buys().Select(o => o.Price)));
        Assert.Equal(sell, string.Join(" ", h.Sells().Select(o => o.Price)));
    }

    [Fact]
    public async Task Last_price_follows_the_public_tape()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { PriceType = PriceType.LastPrice });
        await using var _ = h;
        await h.PrintAsync(100.5m, 0.01m, OrderSide.Buy);
        Assert.Equal(100.5m, s.ReferencePrice());
        await h.TickAsync();
        Assert.Equal(Pmm.P((99.4m, 0.1m)), h.Buys()); // 99.495
    }

    [Fact]
    public async Task Last_own_trade_price_is_the_price_of_the_last_completely_filled_order()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { PriceType = PriceType.LastOwnTradePrice, FilledOrderDelay = TimeSpan.FromSeconds(1) });
        await using var _ = h;
        await h.TickAsync();
        await h.PrintAsync(98.9m, 0.1m, OrderSide.Sell); // our buy at 99.0 fills
        await h.TickAsync();
        Assert.Equal(99.0m, s.ReferencePrice());
        Assert.Equal(99.0m, s.State.LastOwnTradePrice);
    }

    [Fact]
    public async Task Inventory_cost_keeps_sells_above_what_the_inventory_cost_and_follows_buys()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { PriceType = PriceType.InventoryCost, InventoryPrice = 110m, FilledOrderDelay = TimeSpan.FromSeconds(1) });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal((1m, 110m), (s.State.InventoryBase, s.State.InventoryQuote)); // seeded: 1 BTC held at 110
        Assert.Equal(Pmm.P((99.0m, 0.1m)), h.Buys());
        Assert.Equal(Pmm.P((111.1m, 0.1m)), h.Sells()); // max(110, 100) × 1.01

        await h.PrintAsync(98.9m, 0.1m, OrderSide.Sell);  // buy 0.1 at 99.0, fee 0.02475 USD
        Assert.Equal(1.1m, s.State.InventoryBase);
        Assert.Equal(110m + 9.9m + 0.02475m, s.State.InventoryQuote);
    }

    [Fact]
    public async Task An_external_market_of_the_same_exchange_gives_the_reference()
    {
        var (h, s) = await Pmm.StartAsync(c => c with
        {
            PriceSource = PriceSource.ExternalMarket,
            PriceSourceExchange = "kraken_paper_trade",
            PriceSourceMarket = StrategyHarness.EthUsdPair,
        }, ethMid: 100.5m);
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal(100.5m, s.ReferencePrice());
        Assert.Equal(Pmm.P((99.4m, 0.1m)), h.Buys());
        Assert.Contains(StrategyHarness.EthUsdPair, s.WatchedPairs);
    }

    [Theory]
    [InlineData("100.3")]
    [InlineData("{\"price\": 100.3}")]
    [InlineData("100.3\n")]
    public async Task A_custom_api_price_is_polled_on_the_clock_and_quoted_around(string body)
    {
        var handler = new FixedAnswer(body);
        using var http = new HttpClient(handler);
        var (h, s) = await Pmm.StartAsync(c => c with
        {
            PriceSource = PriceSource.CustomApi,
            PriceType = PriceType.Custom,
            PriceSourceCustomApi = new Uri("http://127.0.0.1:9/price"),
            CustomApiUpdateInterval = TimeSpan.FromSeconds(5),
        }, http: http);
        await using var _ = h;
        await Until.TrueAsync(() => s.IsReady, () => "the first custom price");
        await h.TickAsync();

        Assert.Equal(100.3m, s.ReferencePrice());
        Assert.Equal(Pmm.P((99.2m, 0.1m)), h.Buys());   // 99.297
        Assert.Equal(Pmm.P((101.4m, 0.1m)), h.Sells()); // 101.303
        int asked = handler.Calls;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await Until.TrueAsync(() => handler.Calls > asked, () => "a second poll after the interval");
    }

    [Fact]
    public void A_custom_api_answer_without_a_positive_price_is_refused()
    {
        Assert.Throws<FormatException>(() => CustomApiPriceFeed.ParsePrice("{\"px\": 1}"));
        Assert.Throws<FormatException>(() => CustomApiPriceFeed.ParsePrice("-3"));
        Assert.Equal(2.5m, CustomApiPriceFeed.ParsePrice("\"2.5\""));
    }

    private sealed class FixedAnswer(string body) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}
