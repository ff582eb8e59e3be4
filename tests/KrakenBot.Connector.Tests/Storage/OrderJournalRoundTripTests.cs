using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class OrderJournalRoundTripTests
{
    /// <summary>Applies each change to the order, journals it, and checks that the journal gives back the same order.</summary>
    private sealed class JournaledOrder(AccountJournal account)
    {
        public TrackedOrder Order { get; private set; } = null!;

        public async Task CreateAsync(TrackedOrder order)
        {
            Order = order;
            Assert.True(await account.Orders.RecordCreatedAsync(order));
            await CheckAsync();
        }

        public async Task ExchangeIdAsync(string exchangeId, DateTimeOffset at)
        {
            Order = Order.WithExchangeOrderId(exchangeId, at);
            Assert.True(await account.Orders.RecordExchangeOrderIdAsync(Order));
            await CheckAsync();
        }

        public async Task MoveAsync(OrderState state, DateTimeOffset at, string? reason = null)
        {
            Order = Order.TransitionTo(state, at, reason);
            Assert.True(await account.Orders.RecordStateChangeAsync(Order));
            await CheckAsync();
        }

        public async Task FillAsync(string tradeId, decimal amount, decimal price, decimal fee, string feeAsset, DateTimeOffset at)
        {
            var fill = FillOf(Order, tradeId, amount, price, fee, feeAsset, at);
            Order = Order.ApplyFill(fill, at);
            Assert.True(await account.Orders.RecordFillAsync(Order, fill));
            await CheckAsync();
        }

        public async Task AmendAsync(decimal? newPrice, decimal? newAmount, DateTimeOffset at)
        {
            Order = Order.WithAmendment(newPrice, newAmount, at);
            Assert.True(await account.Orders.RecordAmendedAsync(Order));
            await CheckAsync();
        }

        private async Task CheckAsync()
        {
            AssertSameOrder(Order, await account.Orders.GetByClientIdAsync(Order.ClientOrderId));
            if (Order.ExchangeOrderId is not null)
            {
                AssertSameOrder(Order, await account.Orders.GetByExchangeIdAsync(Order.ExchangeOrderId));
            }
        }
    }

    private static async Task<TrackedOrder> RunAndReopenAsync(Func<JournaledOrder, Task> steps)
    {
        using var directory = new TempJournalDirectory();
        TrackedOrder final;
        await using (var journal = await directory.OpenAsync())
        {
            var order = new JournaledOrder(await journal.OpenAccountAsync(Paper));
            await steps(order);
            final = order.Order;
        }

        await using var reopened = await directory.OpenAsync();
        var account = await reopened.OpenAccountAsync(Paper);
        AssertSameOrder(final, await account.Orders.GetByClientIdAsync(final.ClientOrderId));
        return final;
    }

    [Fact]
    public async Task Open_partial_fills_then_cancel_with_a_late_fill_round_trips_at_every_step()
    {
        var final = await RunAndReopenAsync(async order =>
        {
            await order.CreateAsync(NewBuy("c-1", 2m, 100m));
            await order.ExchangeIdAsync("OQCLML-BW3P3-BUCMWZ", T0.AddSeconds(1));
            await order.MoveAsync(OrderState.Open, T0.AddSeconds(1));
            await order.FillAsync("T1", 0.5m, 100m, 0.1m, "USD", T0.AddSeconds(2));
            await order.FillAsync("T2", 0.25m, 99.5m, 0.05m, "USD", T0.AddSeconds(3));
            await order.MoveAsync(OrderState.PendingCancel, T0.AddSeconds(4));
            await order.FillAsync("T3", 0.25m, 99m, 0.0001m, "BTC", T0.AddSeconds(5)); // fill races the cancel
            await order.MoveAsync(OrderState.Cancelled, T0.AddSeconds(6));
        });

        Assert.Equal(OrderState.Cancelled, final.State);
        Assert.Equal(1m, final.FilledAmount);
        Assert.Equal(3, final.Fills.Count);
    }

    [Fact]
    public async Task A_refused_order_round_trips_with_its_reason()
    {
        var final = await RunAndReopenAsync(async order =>
        {
            await order.CreateAsync(NewBuy("c-2"));
            await order.MoveAsync(OrderState.Failed, T0.AddSeconds(1), "EOrder:Insufficient funds");
        });

        Assert.Equal("EOrder:Insufficient funds", final.FailureReason);
    }

    [Fact]
    public async Task A_gtd_post_only_order_that_expires_round_trips_with_expiry_and_offsets()
    {
        var plusTwo = TimeSpan.FromHours(2);
        var request = OrderRequest.LimitMaker(EthEur, OrderSide.Sell, 3.5000m, 2500.10m, TimeInForce.Gtd,
            new DateTimeOffset(2026, 12, 1, 12, 0, 0, plusTwo), clientTag: "grid-7");
        var final = await RunAndReopenAsync(async order =>
        {
            await order.CreateAsync(TrackedOrder.Create("c-3", request, new DateTimeOffset(2026, 11, 26, 11, 0, 0, plusTwo)));
            await order.ExchangeIdAsync("OABCDE-FGHIJ-KLMNOP", T0.AddSeconds(1));
            await order.MoveAsync(OrderState.Open, T0.AddSeconds(1));
            await order.MoveAsync(OrderState.Expired, T0.AddDays(5));
        });

        Assert.Equal(OrderState.Expired, final.State);
        Assert.Equal(plusTwo, final.CreatedAt.Offset);
    }

    [Fact]
    public async Task A_market_order_filled_across_levels_round_trips_with_fees_per_asset()
    {
        var final = await RunAndReopenAsync(async order =>
        {
            await order.CreateAsync(TrackedOrder.Create("c-4", OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m), T0));
            await order.FillAsync("T10", 0.4m, 65000.1m, 10.4m, "USD", T0.AddMilliseconds(5));
            await order.FillAsync("T11", 0.6m, 65000.3m, 0.0006m, "BTC", T0.AddMilliseconds(5));
        });

        Assert.Equal(OrderState.Filled, final.State);
        Assert.Equal(2, final.Fees.Count);
    }

    [Fact]
    public async Task A_refused_cancel_returns_to_open_and_then_fills()
    {
        var final = await RunAndReopenAsync(async order =>
        {
            await order.CreateAsync(NewBuy("c-5"));
            await order.ExchangeIdAsync("OX1", T0.AddSeconds(1));
            await order.MoveAsync(OrderState.Open, T0.AddSeconds(1));
            await order.MoveAsync(OrderState.PendingCancel, T0.AddSeconds(2));
            await order.MoveAsync(OrderState.Open, T0.AddSeconds(3));
            await order.FillAsync("T20", 1m, 100m, 0.2m, "USD", T0.AddSeconds(4));
        });

        Assert.Equal(OrderState.Filled, final.State);
    }

    [Fact]
    public async Task A_fill_arriving_before_the_ack_sets_the_exchange_id_and_round_trips()
    {
        using var directory = new TempJournalDirectory();
        var created = NewBuy("c-6");
        var fill = new Fill("T30", "c-6", "OFROMFILL", BtcUsd, OrderSide.Buy, 100m, 0.5m, 0m, "USD", false, T0.AddSeconds(1));
        var filled = created.ApplyFill(fill, T0.AddSeconds(1));
        await using (var journal = await directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(Paper);
            Assert.True(await account.Orders.RecordCreatedAsync(created));
            Assert.True(await account.Orders.RecordFillAsync(filled, fill));
        }

        await using var reopened = await directory.OpenAsync();
        var orders = (await reopened.OpenAccountAsync(Paper)).Orders;
        AssertSameOrder(filled, await orders.GetByExchangeIdAsync("OFROMFILL"));
        Assert.Equal(OrderState.PartiallyFilled, filled.State);
    }

    [Fact]
    public async Task An_order_found_on_the_exchange_is_recorded_with_its_exchange_id_and_round_trips()
    {
        using var directory = new TempJournalDirectory();
        var adopted = NewBuy("c-web").WithExchangeOrderId("OWEB01", T0.AddSeconds(3));
        await using (var journal = await directory.OpenAsync())
        {
            var orders = (await journal.OpenAccountAsync(Paper)).Orders;
            Assert.True(await orders.RecordCreatedAsync(adopted));
            adopted = adopted.TransitionTo(OrderState.Open, T0.AddSeconds(3));
            Assert.True(await orders.RecordStateChangeAsync(adopted));
        }

        await using var reopened = await directory.OpenAsync();
        AssertSameOrder(adopted, await (await reopened.OpenAccountAsync(Paper)).Orders.GetByExchangeIdAsync("OWEB01"));
    }

    [Theory]
    [InlineData("99.50", null)]
    [InlineData(null, "1.5000")]
    [InlineData("101.25", "3")]
    public async Task An_amend_round_trips_then_fills_against_the_new_figures(string? newPrice, string? newAmount)
    {
        decimal? price = newPrice is null ? null : decimal.Parse(newPrice, System.Globalization.CultureInfo.InvariantCulture);
        decimal? amount = newAmount is null ? null : decimal.Parse(newAmount, System.Globalization.CultureInfo.InvariantCulture);
        var final = await RunAndReopenAsync(async order =>
        {
            await order.CreateAsync(NewBuy("c-amend", 2m, 100m));
            await order.ExchangeIdAsync("OAMEND-AAAAA-AAAAAA", T0.AddSeconds(1));
            await order.MoveAsync(OrderState.Open, T0.AddSeconds(1));
            await order.FillAsync("T1", 0.5m, 100m, 0.1m, "USD", T0.AddSeconds(2));
            await order.AmendAsync(price, amount, T0.AddSeconds(3));
            await order.FillAsync("T2", 0.25m, price ?? 100m, 0.05m, "USD", T0.AddSeconds(4));
            await order.FillAsync("T3", (amount ?? 2m) - 0.75m, price ?? 100m, 0.05m, "USD", T0.AddSeconds(5));
        });

        Assert.Equal((price ?? 100m).ToString(), final.Request.Price!.Value.ToString()); // value and scale
        Assert.Equal((amount ?? 2m).ToString(), final.Request.Amount.ToString());
        Assert.Equal(OrderState.Filled, final.State);
        Assert.Equal(final.Request.Amount, final.FilledAmount);
        Assert.Equal("OAMEND-AAAAA-AAAAAA", final.ExchangeOrderId);
    }

    [Fact]
    public async Task Several_amends_and_a_cancel_round_trips_and_history_shows_the_last_figures()
    {
        using var directory = new TempJournalDirectory();
        TrackedOrder final;
        await using (var journal = await directory.OpenAsync())
        {
            var order = new JournaledOrder(await journal.OpenAccountAsync(Paper));
            await order.CreateAsync(NewBuy("c-many", 1m, 100m));
            await order.MoveAsync(OrderState.Open, T0.AddSeconds(1));
            await order.AmendAsync(99m, null, T0.AddSeconds(2));
            await order.AmendAsync(null, 4m, T0.AddSeconds(3));
            await order.FillAsync("T1", 1m, 99m, 0.1m, "USD", T0.AddSeconds(4));
            await order.AmendAsync(98.5m, 2m, T0.AddSeconds(5));
            await order.MoveAsync(OrderState.PendingCancel, T0.AddSeconds(6));
            await order.MoveAsync(OrderState.Cancelled, T0.AddSeconds(7));
            final = order.Order;
        }

        await using var reopened = await directory.OpenAsync(readOnly: true);
        var history = await (await reopened.OpenAccountAsync(Paper)).Orders.GetHistoryAsync(new HistoryQuery());
        AssertSameOrder(final, Assert.Single(history.Items));
        Assert.Equal(98.5m, final.Request.Price);
        Assert.Equal(2m, final.Request.Amount);
        Assert.Equal(1m, final.FilledAmount);
    }
}
