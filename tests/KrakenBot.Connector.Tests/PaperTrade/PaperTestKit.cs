using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>
/// A paper exchange over a scripted BTC-USD market (tick 0.1, 8 lot decimals, min 0.0001 BTC and 0.5 USD; taker
/// 0.40 %, maker 0.25 %), a fake clock, sequential ids and an in-memory store, recording every event it raises.
/// </summary>
internal sealed class PaperTestKit : IAsyncDisposable
{
    public static readonly TradingPair BtcUsd = new("BTC", "USD");
    public static readonly TradingPair EthUsd = new("ETH", "USD");
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(250);
    public const decimal TakerPercent = 0.40m;
    public const decimal MakerPercent = 0.25m;

    private readonly List<ExchangeEvent> _recorded = [];
    private int _ids;

    public PaperTestKit(IReadOnlyDictionary<string, decimal>? starting = null, IPaperAccountStore? store = null,
        FakeTimeProvider? time = null, ScriptedMarketData? market = null, TimeSpan? latency = null, string idPrefix = "id")
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        Market = market ?? new ScriptedMarketData(Time, Rule(BtcUsd), Rule(EthUsd));
        Store = store ?? new InMemoryPaperAccountStore();
        Starting = starting ?? new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 2m };
        Exchange = new PaperExchange(Market, Store,
            new PaperExchangeOptions { StartingBalances = Starting, Latency = latency ?? Latency, BookDepth = 25 },
            Time, () => $"{idPrefix}-{++_ids}");
        Exchange.EventRaised += (_, e) => _recorded.Add(e);
    }

    public FakeTimeProvider Time { get; }

    public ScriptedMarketData Market { get; }

    public IPaperAccountStore Store { get; }

    public IReadOnlyDictionary<string, decimal> Starting { get; }

    public PaperExchange Exchange { get; }

    /// <summary>Every event raised so far, in order (once the handlers have been handed them).</summary>
    public List<ExchangeEvent> Recorded
    {
        get
        {
            Exchange.WhenEventsDeliveredAsync().WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
            return _recorded;
        }
    }

    public ScriptedOrderBook Book => Market.Book(BtcUsd);

    public static TradingRule Rule(TradingPair pair) => new(pair, 0.1m, 1, 8, 5, 0.0001m, 0.5m, MarketStatus.Online,
        new FeeSchedule([new FeeStep(0m, TakerPercent), new FeeStep(50_000m, 0.35m)]),
        new FeeSchedule([new FeeStep(0m, MakerPercent), new FeeStep(50_000m, 0.20m)]));

    public static async Task<PaperTestKit> StartedAsync(IReadOnlyDictionary<string, decimal>? starting = null,
        IPaperAccountStore? store = null)
    {
        var kit = new PaperTestKit(starting, store);
        await kit.Exchange.StartAsync();
        return kit;
    }

    /// <summary>Sets the BTC-USD book.</summary>
    public void SetBook((decimal, decimal)[] bids, (decimal, decimal)[] asks) => Book.Set(bids, asks);

    /// <summary>Lets the latency pass and waits until the engine has processed everything due.</summary>
    public async Task SettleAsync()
    {
        Time.Advance(Latency);
        await Exchange.FlushAsync();
    }

    /// <summary>Places an order and lets it reach the simulated exchange.</summary>
    public async Task<TrackedOrder> PlaceAsync(OrderRequest request)
    {
        string id = await Exchange.PlaceOrderAsync(request);
        await SettleAsync();
        return Exchange.GetOrder(id)!;
    }

    /// <summary>Prints a public BTC-USD trade and waits until it is processed.</summary>
    public async Task PrintAsync(decimal price, decimal amount, OrderSide takerSide)
    {
        Market.Print(BtcUsd, price, amount, takerSide);
        await Exchange.FlushAsync();
    }

    public decimal Total(string asset) => Exchange.Balances.TryGetValue(asset, out var b) ? b.Total : 0m;

    public decimal Available(string asset) => Exchange.Balances.TryGetValue(asset, out var b) ? b.Available : 0m;

    public decimal Held(string asset) => Exchange.Balances.TryGetValue(asset, out var b) ? b.Held : 0m;

    public List<T> EventsOf<T>() where T : ExchangeEvent => [.. Recorded.OfType<T>()];

    public static decimal Fee(decimal cost, decimal percent) => cost * percent / 100m;

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
