using KrakenBot.Connector.Tests.Diagnostics;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// The connector's meter made through the options' <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, trading on
/// the sandbox: an order's round-trip (send to acknowledgement), its fill's latency, the trading counter's headroom and
/// the journal's commits, each heard by a <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
public class ExchangeMetricsTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task An_order_placed_and_filled_is_measured_on_the_meter_the_factory_made()
    {
        using var recorder = new MetricsRecorder();
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync(world.Options(meterFactory: recorder));
        Assert.Empty(recorder.Of("krakenbot.order.round_trip"));

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await Until.TrueAsync(() => Task.FromResult(recorder.Of("krakenbot.order.round_trip").Count == 1), () => "the round-trip is recorded");
        Assert.True(recorder.Of("krakenbot.order.round_trip")[0].Value > 0);

        var headroom = recorder.Of("krakenbot.ratelimit.headroom").Where(m => m.Tag("counter") == "trading").ToList();
        Assert.NotEmpty(headroom);
        Assert.All(headroom, h => Assert.Equal("BTC-USD", h.Tag("pair")));
        Assert.True(headroom[^1].Value < 180, "the order's cost is booked on the Pro counter (max 180)");

        await world.MakerMarketAsync(OrderSide.Sell, 0.5m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        // Recorded under the tracker's lock with the fill, whether the socket or a reconciliation applied it: no wait needed.
        var latency = Assert.Single(recorder.Of("krakenbot.order.fill_latency"));
        Assert.InRange(latency.Value, 0, 60);
        Assert.NotEmpty(recorder.Of("krakenbot.journal.commit_duration"));
    }
}
