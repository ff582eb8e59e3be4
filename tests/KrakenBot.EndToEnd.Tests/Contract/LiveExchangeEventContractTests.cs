using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;

namespace KrakenBot.EndToEnd.Tests.Contract;

/// <summary>The events contract on the live connector (<see cref="KrakenSpotExchange"/>) against a quiet sandbox.</summary>
public sealed class LiveExchangeEventContractTests : ExchangeEventContract
{
    private SandboxWorld _world = null!;

    public override async Task InitializeAsync() => _world = await SandboxWorld.StartAsync();

    public override Task DisposeAsync() => _world.DisposeAsync().AsTask();

    protected override async Task<IExchange> StartExchangeAsync(int? eventCapacityPerReader = null)
    {
        var defaults = _world.Options();
        var options = eventCapacityPerReader is { } capacity
            ? new KrakenExchangeOptions
            {
                Kraken = defaults.Kraken, Credentials = defaults.Credentials, JournalPath = defaults.JournalPath,
                SocketRequestTimeout = defaults.SocketRequestTimeout, SocketTransport = defaults.SocketTransport,
                EventCapacityPerReader = capacity,
            }
            : defaults;
        return await _world.StartExchangeAsync(options);
    }

    /// <summary>The maker sells at market: our buy is the only bid on the quiet book.</summary>
    protected override Task TradeThroughBuyAsync(decimal price, decimal amount) => _world.MakerMarketAsync(OrderSide.Sell, amount);
}
