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
/// The deadline passes by moving the clock of the sandbox and the connector forward, not by waiting for it.
/// </summary>
public class UnacknowledgedCancelTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_an_order_Kraken_never_received_ends_it_as_failed_not_stuck(bool cancelAll)
    {
        var clock = new ShiftedClock();
        await using var world = await SandboxWorld.StartAsync(clock: clock);
        string clientId = Guid.NewGuid().ToString("D");
        // Journaled just now, well inside the 30 s send deadline, and never sent.
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = world.JournalPath }))
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
            var request = OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.5m, 59000m);
            await account.Orders.RecordCreatedAsync(TrackedOrder.Create(clientId, request, clock.GetUtcNow()));
        }
        var exchange = await world.StartExchangeAsync(world.Options(clock: clock));
        Assert.Equal(OrderState.PendingCreate, exchange.GetOrder(clientId)!.State);

        if (cancelAll) await exchange.CancelAllAsync();
        else await Record.ExceptionAsync(() => exchange.CancelOrderAsync(clientId)); // Kraken knows no such order

        Assert.NotEqual(OrderState.PendingCancel, exchange.GetOrder(clientId)!.State);
        clock.Jump(TimeSpan.FromMinutes(1)); // the send deadline (and any margin) has passed on every clock
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
