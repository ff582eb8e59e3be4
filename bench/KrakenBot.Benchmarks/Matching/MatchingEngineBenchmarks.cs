using BenchmarkDotNet.Attributes;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Benchmarks.Matching;

/// <summary>
/// Sandbox matching engine throughput on one pair (BTC/USD), through the same entry points the
/// REST and WebSocket layers use (holds, fees, ids and market data included).
/// Run: <c>dotnet run -c Release --project bench/KrakenBot.Benchmarks -- --filter *MatchingEngine*</c>.
/// </summary>
[MemoryDiagnoser]
public class MatchingEngineBenchmarks
{
    // Below the Pro tier open-order limit per pair (225), which API accounts are held to.
    private const int Batch = 200;
    private ExchangeEngine _exchange = null!;
    private PairEngine _engine = null!;
    private Account _alice = null!;
    private Account _bob = null!;
    private readonly Order[] _orders = new Order[Batch];
    private readonly decimal[] _bidPrices = new decimal[Batch];
    private bool _flip;

    /// <summary>
    /// False: synthetic accounts (no order/trade history kept), the engine alone.
    /// True: API accounts, which keep their last 20,000 closed orders and trades for queries.
    /// </summary>
    [Params(false, true)]
    public bool KeepHistory { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var markets = MarketCatalog.CreateDefault();
        _exchange = new ExchangeEngine(markets, TimeProvider.System, seed: 7);
        markets.TryGetPair("XBTUSD", out var pair);
        _engine = _exchange.Engine(pair!);
        _alice = Fund("alice", pair!);
        _bob = Fund("bob", pair!);
        for (var i = 0; i < Batch; i++) _bidPrices[i] = 50000m - (i % 50) * 0.1m;
    }

    private Account Fund(string name, PairInfo pair)
    {
        // API accounts are rate limited by the REST layer, not by the engine: the engine benchmark measures the engine.
        var account = _exchange.Accounts.Create(name, null, null, ApiPermissions.All, AccountTier.Pro, synthetic: !KeepHistory);
        _exchange.Deposit(account, pair.Quote, 1_000_000_000_000m);
        _exchange.Deposit(account, pair.Base, 100_000_000m);
        return account;
    }

    [GlobalCleanup]
    public void Cleanup() => _exchange.Dispose();

    /// <summary>200 resting limit orders over 50 price levels, then 200 cancels: 400 operations.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Batch)]
    public void AddThenCancel()
    {
        for (var i = 0; i < Batch; i++)
        {
            _orders[i] = _engine.Submit(new OrderRequest
            {
                Account = _alice, Side = Side.Buy, Kind = OrderKind.Limit, Volume = 0.01m, LimitPrice = _bidPrices[i],
            }).Order!;
        }
        for (var i = 0; i < Batch; i++) _engine.Cancel(_orders[i]);
    }

    /// <summary>200 resting asks each taken by an incoming IOC limit buy: 400 operations, 200 trades.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Batch)]
    public void AddThenMatch()
    {
        var (maker, taker) = _flip ? (_alice, _bob) : (_bob, _alice);
        _flip = !_flip;
        for (var i = 0; i < Batch; i++)
        {
            _engine.Submit(new OrderRequest
            {
                Account = maker, Side = Side.Sell, Kind = OrderKind.Limit, Volume = 0.01m, LimitPrice = 60000m + (i % 50) * 0.1m,
            });
        }
        for (var i = 0; i < Batch; i++)
        {
            _engine.Submit(new OrderRequest
            {
                Account = taker, Side = Side.Buy, Kind = OrderKind.Limit, Volume = 0.01m, LimitPrice = 60010m, TimeInForce = TimeInForce.Ioc,
            });
        }
    }
}
