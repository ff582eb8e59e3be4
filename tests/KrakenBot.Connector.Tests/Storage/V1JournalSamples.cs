using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

/// <summary>
/// The orders held by <c>Data/journal/v1.db</c>, a journal file written by the schema-v1 code (before amends existed).
/// <see cref="WriteAsync"/> uses only calls that v1 had, so it is also how that file was made: run it against an empty
/// journal with the v1 build, then copy the closed file. The upgrade test rebuilds the same orders in memory
/// (<c>account</c> null) and compares them with what the upgraded file gives back.
/// </summary>
internal static class V1JournalSamples
{
    public const string FixtureFile = "v1.db";

    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Data", "journal", FixtureFile);

    /// <summary>Builds every sample order, journaling each change when <paramref name="account"/> is given.</summary>
    public static async Task<IReadOnlyList<TrackedOrder>> WriteAsync(AccountJournal? account)
    {
        var plusTwo = TimeSpan.FromHours(2);
        var orders = new List<TrackedOrder>();

        async Task<TrackedOrder> Created(TrackedOrder order)
        {
            if (account is not null)
            {
                await account.Orders.RecordCreatedAsync(order);
            }

            return order;
        }

        async Task<TrackedOrder> ExchangeId(TrackedOrder order, string id, DateTimeOffset at)
        {
            order = order.WithExchangeOrderId(id, at);
            if (account is not null)
            {
                await account.Orders.RecordExchangeOrderIdAsync(order);
            }

            return order;
        }

        async Task<TrackedOrder> Move(TrackedOrder order, OrderState state, DateTimeOffset at, string? reason = null)
        {
            order = order.TransitionTo(state, at, reason);
            if (account is not null)
            {
                await account.Orders.RecordStateChangeAsync(order);
            }

            return order;
        }

        async Task<TrackedOrder> Filled(TrackedOrder order, string tradeId, decimal amount, decimal price, decimal fee, string feeAsset, DateTimeOffset at)
        {
            var fill = FillOf(order, tradeId, amount, price, fee, feeAsset, at);
            order = order.ApplyFill(fill, at);
            if (account is not null)
            {
                await account.Orders.RecordFillAsync(order, fill);
            }

            return order;
        }

        // Still pending: never acknowledged.
        orders.Add(await Created(NewBuy("v1-pending", 0.50m, 64999.9m)));

        // Open and partly filled, fees in two assets; the one an amend would change after the upgrade.
        var open = await Created(NewBuy("v1-open", 2.000m, 100.00m, T0.AddMinutes(1)));
        open = await ExchangeId(open, "OV1OPN-AAAAA-AAAAAA", T0.AddMinutes(1).AddSeconds(1));
        open = await Move(open, OrderState.Open, T0.AddMinutes(1).AddSeconds(1));
        open = await Filled(open, "TV1-1", 0.5m, 100.00m, 0.125m, "USD", T0.AddMinutes(2));
        open = await Filled(open, "TV1-2", 0.25m, 99.95m, 0.00001m, "BTC", T0.AddMinutes(3));
        orders.Add(open);

        // Fully filled market order (no price).
        var market = await Created(TrackedOrder.Create("v1-market", OrderRequest.Market(BtcUsd, OrderSide.Sell, 0.1m), T0.AddMinutes(4)));
        market = await ExchangeId(market, "OV1MKT-BBBBB-BBBBBB", T0.AddMinutes(4));
        market = await Move(market, OrderState.Open, T0.AddMinutes(4));
        market = await Filled(market, "TV1-3", 0.1m, 65000.1m, 2.6m, "USD", T0.AddMinutes(4).AddSeconds(1));
        orders.Add(market);

        // Cancelled with a late fill, in another offset, with expiry and tag.
        var gtd = OrderRequest.LimitMaker(EthEur, OrderSide.Sell, 3.5000m, 2500.10m, TimeInForce.Gtd,
            new DateTimeOffset(2026, 12, 1, 12, 0, 0, plusTwo), clientTag: "grid-7");
        var cancelled = await Created(TrackedOrder.Create("v1-cancelled", gtd, new DateTimeOffset(2026, 11, 26, 11, 5, 0, plusTwo)));
        cancelled = await ExchangeId(cancelled, "OV1CXL-CCCCC-CCCCCC", T0.AddMinutes(6));
        cancelled = await Move(cancelled, OrderState.Open, T0.AddMinutes(6));
        cancelled = await Move(cancelled, OrderState.PendingCancel, T0.AddMinutes(7));
        cancelled = await Filled(cancelled, "TV1-4", 1.25m, 2500.10m, 0.5m, "EUR", T0.AddMinutes(7).AddSeconds(1));
        cancelled = await Move(cancelled, OrderState.Cancelled, T0.AddMinutes(8));
        orders.Add(cancelled);

        // Refused by the exchange.
        var failed = await Created(NewBuy("v1-failed", 1m, 10m, T0.AddMinutes(9)));
        orders.Add(await Move(failed, OrderState.Failed, T0.AddMinutes(9).AddSeconds(1), "EOrder:Insufficient funds"));

        return orders;
    }
}
