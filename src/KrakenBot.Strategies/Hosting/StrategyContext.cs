using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Pnl;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Hosting;

/// <summary>What a running strategy may use: the exchange, the clock, its orders, its persisted values, its P&amp;L.</summary>
public sealed class StrategyContext
{
    private readonly IReadOnlyDictionary<TradingPair, IOrderBookView> _books;

    internal StrategyContext(string strategyId, IExchange exchange, TimeProvider time, ILogger logger, StrategyOrders orders,
        StrategyStateBag state, PnlTracker pnl, IReadOnlyDictionary<TradingPair, IOrderBookView> books, StrategyHostOptions options)
    {
        StrategyId = strategyId;
        Exchange = exchange;
        Time = time;
        Logger = logger;
        Orders = orders;
        State = state;
        Pnl = pnl;
        _books = books;
        Options = options;
    }

    /// <summary>The strategy's id.</summary>
    public string StrategyId { get; }

    /// <summary>The exchange (live, paper, sandbox or backtest).</summary>
    public IExchange Exchange { get; }

    /// <summary>The clock: simulated in tests and backtests.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, on <see cref="Time"/>.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Where the strategy logs.</summary>
    public ILogger Logger { get; }

    /// <summary>Its orders: place, amend, cancel, and which are its own.</summary>
    public StrategyOrders Orders { get; }

    /// <summary>Its own persisted values.</summary>
    public StrategyStateBag State { get; }

    /// <summary>Its P&amp;L (kept by the host from its fills).</summary>
    public PnlTracker Pnl { get; }

    /// <summary>The host options (tick, kill switch).</summary>
    public StrategyHostOptions Options { get; }

    /// <summary>The watched book of <paramref name="pair"/>.</summary>
    /// <exception cref="KeyNotFoundException">The pair is not in <see cref="Strategy.WatchedPairs"/>.</exception>
    public IOrderBookView Book(TradingPair pair) =>
        _books.TryGetValue(pair, out var book) ? book : throw new KeyNotFoundException($"{pair} is not a watched pair of this strategy.");

    /// <summary>The pair's trading rule, current.</summary>
    public TradingRule Rule(TradingPair pair) => Exchange.GetTradingRule(pair);

    /// <summary>The pair's trading counter when the exchange models one (live and paper do), else null.</summary>
    public TradingCounterReading? TradingCounter(TradingPair pair) =>
        Exchange is ITradingRateCounter counter ? counter.GetTradingCounter(pair) : null;

    /// <summary>Available (free) amount of an asset; 0 when unknown.</summary>
    public decimal Available(string asset) => Exchange.Balances.TryGetValue(asset, out var b) ? b.Available : 0m;

    /// <summary>Total amount of an asset; 0 when unknown.</summary>
    public decimal Total(string asset) => Exchange.Balances.TryGetValue(asset, out var b) ? b.Total : 0m;
}
