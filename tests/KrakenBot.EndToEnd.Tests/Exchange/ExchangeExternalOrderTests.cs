using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// An order placed on the same account by another tool (plain REST, no client order id of ours) is adopted as an
/// external order: tracked, journaled, reported once, its fills recorded, cancellable through the connector.
/// </summary>
public class ExchangeExternalOrderTests
{
    [Fact]
    public async Task An_order_placed_outside_the_connector_is_adopted_and_followed_to_its_fills_and_cancel()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var events = new EventLog(exchange);

        var placed = await exchange.Rest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.5m, Price = 55000m,
        });
        string txid = placed.TxIds[0];
        await exchange.ReconcileAsync();

        var external = Assert.Single(exchange.OpenOrders);
        Assert.True(external.IsExternal);
        Assert.Equal("external-" + txid, external.ClientOrderId);
        Assert.Equal(txid, external.ExchangeOrderId);
        Assert.Equal(OrderState.Open, external.State);
        Assert.Equal((SandboxWorld.BtcUsd, OrderSide.Buy, OrderType.Limit, 0.5m, (decimal?)55000m),
            (external.Request.Pair, external.Request.Side, external.Request.Type, external.Request.Amount, external.Request.Price));
        // Reported once, however many reconciliations (and stream messages) see it.
        await exchange.ReconcileAsync();
        Assert.Single(events.For<OrderCreated>(external.ClientOrderId));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);

        await world.MakerMarketAsync(OrderSide.Sell, 0.2m);
        await Until.TrueAsync(() => exchange.GetOrder(external.ClientOrderId)?.FilledAmount == 0.2m,
            () => $"0.2 filled on the external order; {exchange.GetOrder(external.ClientOrderId)?.FilledAmount}");
        Assert.Single(events.For<FillRecorded>(external.ClientOrderId));
        Assert.Equal(OrderState.PartiallyFilled, exchange.GetOrder(external.ClientOrderId)!.State);

        await exchange.CancelOrderAsync(external.ClientOrderId);
        await Until.OrderStateAsync(exchange, external.ClientOrderId, OrderState.Cancelled);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);

        await exchange.StopAsync();
        await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = world.JournalPath, ReadOnly = true });
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
        var journaled = (await account.Orders.GetByExchangeIdAsync(txid))!;
        Assert.Equal(external.ClientOrderId, journaled.ClientOrderId);
        Assert.Equal(OrderState.Cancelled, journaled.State);
        Assert.Equal(0.2m, Assert.Single(journaled.Fills).Amount);
    }
}
