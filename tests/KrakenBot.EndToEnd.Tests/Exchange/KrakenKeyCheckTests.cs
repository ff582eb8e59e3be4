using System.Security.Cryptography;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Sandbox.Accounts;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>The public key check against the sandbox's permission model, over real loopback HTTP.</summary>
public class KrakenKeyCheckTests
{
    [Fact]
    public async Task Names_exactly_the_missing_permissions_among_those_asked_for_and_places_nothing()
    {
        await using var world = await SandboxWorld.StartAsync(ApiPermissions.All & ~ApiPermissions.ModifyTrades & ~ApiPermissions.CloseTrades);
        using var http = new HttpClient();
        var rest = RestFor(world, http, world.Trader);

        var missing = await KrakenKeyCheck.CheckAsync(rest, KrakenPermissions.Trading);
        Assert.Equal([KrakenPermissions.CreateModifyOrders, KrakenPermissions.CancelOrders], missing.Select(p => p.Permission));
        Assert.Equal("Create & Modify Orders (modify-trades)", missing[0].ToString());
        Assert.Empty(await KrakenKeyCheck.CheckAsync(rest, KrakenPermissions.ReadOnly));
        Assert.Empty(await rest.GetOpenOrdersAsync());

        // A key with every permission: nothing missing, and the probes left no order behind.
        var makerMissing = await KrakenKeyCheck.CheckAsync(world.MakerRest, KrakenPermissions.Trading);
        Assert.Empty(makerMissing);
        Assert.Empty(await world.MakerRest.GetOpenOrdersAsync());
    }

    [Fact]
    public async Task A_key_Kraken_does_not_accept_is_an_authentication_failure()
    {
        await using var world = await SandboxWorld.StartAsync();
        using var http = new HttpClient();
        var wrong = new KrakenCredentials(world.Trader.ApiKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => KrakenKeyCheck.CheckAsync(RestFor(world, http, wrong), KrakenPermissions.Trading));
    }

    private static KrakenRestClient RestFor(SandboxWorld world, HttpClient http, KrakenCredentials credentials) =>
        new(http, SandboxWorld.KrakenOptionsFor(world.Sandbox), new NonceSource(TimeProvider.System, new InMemoryNonceStore()),
            new RestRateBudget(KrakenTier.Pro, TimeProvider.System), TimeProvider.System, NullLogger.Instance, credentials);
}
