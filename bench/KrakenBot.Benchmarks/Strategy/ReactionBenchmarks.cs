using BenchmarkDotNet.Attributes;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.State;

namespace KrakenBot.Benchmarks.Strategy;

/// <summary>
/// The strategy side of the reaction alone, on one thread with no network: a book change that moves the mid goes
/// through the driver (orders read again, P&amp;L mark, kill switch) and pure market making (proposal, tolerance, diff,
/// counter and funds checks) to two <c>AmendOrderAsync</c> calls on an exchange that applies them at once. What the
/// <c>strategy</c> command measures end to end adds the connector's book and amend paths and the sockets.
/// </summary>
[MemoryDiagnoser]
public class ReactionBenchmarks
{
    private FakeExchange _exchange = null!;
    private StrategyDriver _driver = null!;
    private bool _up;

    [GlobalSetup]
    public void Setup()
    {
        _exchange = new FakeExchange();
        var strategy = new PureMarketMaking(new PureMarketMakingConfig
        {
            Market = FakeExchange.Pair, BidSpread = 0.001m, AskSpread = 0.001m, OrderAmount = 0.001m,
            OrderRefreshTime = TimeSpan.FromTicks(1), OrderRefreshTolerance = 0m,
        });
        _driver = new StrategyDriver(_exchange, strategy, new StrategyHostOptions { StrategyId = "bench", DeadManSwitchTimeout = null },
            new InMemoryStrategyStateStore(), _exchange.Time);
        _driver.StartAsync().GetAwaiter().GetResult();
        _exchange.Move(60000m);
        _driver.BookChangedAsync(FakeExchange.Pair).GetAwaiter().GetResult(); // the first set
    }

    [Benchmark(Description = "book change -> 2 amends (driver + PMM)")]
    public void ReactToMove()
    {
        _up = !_up;
        _exchange.Move(_up ? 60002.5m : 60000m);
        _driver.BookChangedAsync(FakeExchange.Pair).GetAwaiter().GetResult();
        if (_exchange.Amends == 0) throw new InvalidOperationException("no amend");
    }

    /// <summary>An exchange in memory: orders rest at once, amends apply at once, a one-level book the benchmark moves.</summary>
    private sealed class FakeExchange : IExchange
    {
        public static readonly TradingPair Pair = new("BTC", "USD");
        private readonly Dictionary<string, TrackedOrder> _orders = new(StringComparer.Ordinal);
        private readonly Book _book = new();
        private readonly TradingRule _rule = new(Pair, 0.1m, 1, 8, 5, 0.0001m, 0.5m, MarketStatus.Online,
            new FeeSchedule([new FeeStep(0m, 0.4m)]), new FeeSchedule([new FeeStep(0m, 0.25m)]));
        private readonly Dictionary<string, Balance> _balances = new() { ["USD"] = new Balance("USD", 1_000_000m, 0m), ["BTC"] = new Balance("BTC", 10m, 0m) };
        private int _ids;

        public ManualTime Time { get; } = new();
        public long Amends { get; private set; }

        public void Move(decimal mid)
        {
            _book.Mid = mid;
            Time.Now += TimeSpan.FromSeconds(20); // the refresh is due and amends are cheap on the counter
        }

        public string Name => "fake";
        public bool IsPaper => true;
        public ExchangeReadiness Readiness => new([]);
        public IReadOnlyList<TradingRule> TradingRules => [_rule];
        public IReadOnlyDictionary<string, Balance> Balances => _balances;
        public IReadOnlyList<TrackedOrder> OpenOrders => [.. _orders.Values.Where(o => !o.IsTerminal)];
        public event EventHandler<ExchangeEvent>? EventRaised { add { } remove { } }
        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public TradingRule GetTradingRule(TradingPair pair) => _rule;
        public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default) =>
            Task.FromResult<IOrderBookView>(_book);

        public Task<string> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
        {
            string id = $"o{++_ids}";
            _orders[id] = TrackedOrder.Create(id, request, Time.Now).WithExchangeOrderId("X" + id, Time.Now).TransitionTo(OrderState.Open, Time.Now);
            return Task.FromResult(id);
        }

        public Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default)
        {
            _orders[clientOrderId] = _orders[clientOrderId].TransitionTo(OrderState.Cancelled, Time.Now);
            return Task.CompletedTask;
        }

        public Task<int> CancelAllAsync(TradingPair? pair = null, CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null, CancellationToken cancellationToken = default)
        {
            _orders[clientOrderId] = _orders[clientOrderId].WithAmendment(newPrice, newAmount, Time.Now);
            Amends++;
            return Task.CompletedTask;
        }

        public TrackedOrder? GetOrder(string clientOrderId) => _orders.GetValueOrDefault(clientOrderId);
        public Task<FeeEstimate> GetFeeEstimateAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FeeEstimate(pair, 0.25m, 0.4m, 0m));
        public IAsyncEnumerable<ExchangeEvent> Events(CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<ExchangeEvent>();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class Book : IOrderBookView
        {
            public decimal Mid = 60000m;
            public TradingPair Pair => FakeExchange.Pair;
            public bool IsReady => true;
            public BookLevel? BestBid => new BookLevel(Mid - 10m, 1m);
            public BookLevel? BestAsk => new BookLevel(Mid + 10m, 1m);
            public decimal? MidPrice => Mid;
            public decimal? Spread => 20m;
            public OrderBookSnapshot GetSnapshot(int levels) => new(Pair, [BestBid!.Value], [BestAsk!.Value], DateTimeOffset.UnixEpoch, true);
            public decimal? AveragePriceFor(OrderSide side, decimal amount) => null;
            public event EventHandler? Changed { add { } remove { } }
        }
    }

    /// <summary>A clock the benchmark moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
