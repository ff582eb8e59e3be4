using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.EndToEnd.Tests.Contract;

/// <summary>
/// The events contract on paper trading (<see cref="PaperExchange"/>) fed by a quiet sandbox's market data: a paper
/// buy fills when the sandbox prints a trade below its price.
/// </summary>
public sealed class PaperExchangeEventContractTests : ExchangeEventContract
{
    private readonly HttpClient _http = new();
    private SandboxWorld _world = null!;
    private KrakenMarketData? _marketData;
    private KrakenPaperMarketData? _paperMarket;
    private PaperExchange? _paper;
    private KrakenRestClient _taker = null!;

    public override async Task InitializeAsync()
    {
        _world = await SandboxWorld.StartAsync();
        // The trader key is not the paper account's: here it is just another participant who takes liquidity.
        _taker = new KrakenRestClient(_http, SandboxWorld.KrakenOptionsFor(_world.Sandbox), new NonceSource(TimeProvider.System, new InMemoryNonceStore()),
            new RestRateBudget(KrakenTier.Pro, TimeProvider.System), TimeProvider.System, NullLogger.Instance, _world.Trader);
    }

    public override async Task DisposeAsync()
    {
        if (_paper is not null) await _paper.DisposeAsync();
        _paperMarket?.Dispose();
        if (_marketData is not null) await _marketData.DisposeAsync();
        await _world.DisposeAsync();
        _http.Dispose();
    }

    protected override async Task<IExchange> StartExchangeAsync(int? eventCapacityPerReader = null)
    {
        _marketData = await KrakenMarketData.CreateAsync(SandboxWorld.KrakenOptionsFor(_world.Sandbox));
        _paperMarket = new KrakenPaperMarketData(_marketData);
        _paper = new PaperExchange(_paperMarket, new InMemoryPaperAccountStore(), new PaperExchangeOptions
        {
            StartingBalances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 10m },
            Latency = TimeSpan.Zero,
            BookDepth = 10,
            EventCapacityPerReader = eventCapacityPerReader ?? PaperExchangeOptions.DefaultEventCapacityPerReader,
        });
        await _paper.StartAsync();
        await KrakenMarketData.WaitUntilReadyAsync(await _paper.WatchOrderBookAsync(BtcUsd));
        return _paper;
    }

    /// <summary>A print below the paper buy's price: the maker bids lower, the taker sells into it.</summary>
    protected override async Task TradeThroughBuyAsync(decimal price, decimal amount)
    {
        await _world.MakerLimitAsync(OrderSide.Buy, amount, price - 10m);
        await _taker.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Sell, OrderType = KrakenOrderType.Market, Volume = amount,
        });
    }
}
