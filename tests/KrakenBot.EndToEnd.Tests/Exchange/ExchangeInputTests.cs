using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Sandbox.Accounts;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>Bad input and missing permissions: clear errors, nothing sent, nothing journaled as placed.</summary>
public class ExchangeInputTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    public static TheoryData<string, Func<OrderRequest>, string> BadOrders => new()
    {
        { "unknown pair", () => OrderRequest.Limit(new TradingPair("BTC", "XYZ"), OrderSide.Buy, 1m, 100m), "Unknown pair 'BTC-XYZ'" },
        { "off the tick", () => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 59000.05m), "off the tick" },
        { "too many decimals", () => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.123456789m, 59000m), "more decimals" },
        { "under the minimum", () => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.00001m, 59000m), "minimum order amount" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task A_bad_order_is_refused_with_a_clear_error_and_never_sent_or_journaled(string _, Func<OrderRequest> build, string expected)
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();

        var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() => exchange.PlaceOrderAsync(build()));

        Assert.Contains(expected, ex.Message);
        await AssertNothingPlacedAsync(world, exchange);
    }

    [Fact]
    public async Task An_order_larger_than_the_available_balance_is_refused_naming_the_amounts()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();

        var ex = await Assert.ThrowsAsync<InsufficientFundsException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 11m, 60000m)));

        Assert.Contains("Not enough BTC", ex.Message);
        Assert.Contains("10 is available", ex.Message);
        await AssertNothingPlacedAsync(world, exchange);
    }

    [Fact]
    public async Task Funds_held_by_an_open_order_cannot_be_spent_twice()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        // Held at once, before Kraken acknowledges it.
        await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 6m, 70000m));
        await Assert.ThrowsAsync<InsufficientFundsException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 6m, 70000m)));
        Assert.Single(exchange.OpenOrders);
    }

    [Fact]
    public async Task Missing_permissions_are_named_exactly()
    {
        await using var world = await SandboxWorld.StartAsync(ApiPermissions.All & ~ApiPermissions.ModifyTrades & ~ApiPermissions.CreateWsToken);
        var exchange = KrakenSpotExchange.Create(world.Options());
        await using (exchange)
        {
            var ex = await Assert.ThrowsAsync<PermissionDeniedException>(() => exchange.StartAsync());
            Assert.Contains("Create & Modify Orders, Access WebSockets API", ex.Message);
            Assert.DoesNotContain("Query Funds", ex.Message);
            Assert.DoesNotContain("Cancel & Close Orders", ex.Message);
        }
    }

    [Fact]
    public async Task A_wrong_secret_is_reported_as_an_authentication_failure_without_the_secret()
    {
        await using var world = await SandboxWorld.StartAsync();
        string wrongSecret = Convert.ToBase64String(new byte[64]);
        var options = world.Options();
        var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = options.Kraken, JournalPath = options.JournalPath,
            Credentials = new KrakenCredentials(world.Trader.ApiKey, wrongSecret),
        });
        await using (exchange)
        {
            var ex = await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => exchange.StartAsync());
            Assert.DoesNotContain(wrongSecret, ex.Message);
        }
    }

    [Fact]
    public void Options_without_credentials_are_refused_at_creation()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => KrakenSpotExchange.Create(new KrakenExchangeOptions()));
        Assert.Contains("credentials", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task AssertNothingPlacedAsync(SandboxWorld world, KrakenSpotExchange exchange)
    {
        Assert.Empty(exchange.OpenOrders);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
        Assert.Equal(0, (await exchange.Rest.GetClosedOrdersAsync()).TotalCount);
        await exchange.StopAsync();
        await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = world.JournalPath, ReadOnly = true });
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
        Assert.Empty((await account.Orders.GetHistoryAsync(new HistoryQuery())).Items);
    }
}
