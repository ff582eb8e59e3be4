using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Hardening;

/// <summary>
/// Regression (found by the chaos run): a process journaled an order and was killed before sending it. The restarted
/// connector still waits to learn whether Kraken got it when a cancel (or cancel-all) comes in. The cancel used to
/// move it to pending-cancel, from which it could never fail, so it stayed "open" forever although Kraken never had
/// it. Now it stays pending-create, and reconciliation declares it never placed once the send deadline has passed.
/// </summary>
public class UnacknowledgedCancelTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_an_order_Kraken_never_received_ends_it_as_failed_not_stuck(bool cancelAll)
    {
        await using var world = await SandboxWorld.StartAsync();
        string clientId = Guid.NewGuid().ToString("D");
        // Journaled a little while ago, inside the 30 s send deadline, and never sent.
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = world.JournalPath }))
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
            var request = OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.5m, 59000m);
            await account.Orders.RecordCreatedAsync(TrackedOrder.Create(clientId, request, DateTimeOffset.UtcNow.AddSeconds(-20)));
        }
        var exchange = await world.StartExchangeAsync();
        Assert.Equal(OrderState.PendingCreate, exchange.GetOrder(clientId)!.State);

        if (cancelAll) await exchange.CancelAllAsync();
        else await Record.ExceptionAsync(() => exchange.CancelOrderAsync(clientId)); // Kraken knows no such order

        Assert.NotEqual(OrderState.PendingCancel, exchange.GetOrder(clientId)!.State);
        await Until.TrueAsync(async () =>
        {
            await exchange.ReconcileAsync();
            return exchange.GetOrder(clientId)!.IsTerminal;
        }, () => $"order {clientId} settled; it is {exchange.GetOrder(clientId)!.State}");
        Assert.Equal(OrderState.Failed, exchange.GetOrder(clientId)!.State);
        Assert.Empty(exchange.OpenOrders);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
    }
}
