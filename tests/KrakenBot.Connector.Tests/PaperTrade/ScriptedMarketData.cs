using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>A market whose books, trade prints and rules a test scripts.</summary>
internal sealed class ScriptedMarketData : IPaperMarketData
{
    private readonly TimeProvider _time;
    private readonly Dictionary<TradingPair, ScriptedOrderBook> _books = [];
    private int _tradeSequence;

    public ScriptedMarketData(TimeProvider time, params TradingRule[] rules)
    {
        _time = time;
        Rules = [.. rules];
    }

    public List<TradingRule> Rules { get; }

    public IReadOnlyList<TradingRule> TradingRules => Rules;

    public List<TradingPair> WatchedTrades { get; } = [];

    /// <summary>When set, watching a book fails with this (a dead feed).</summary>
    public Exception? WatchFailure { get; set; }

    public event EventHandler<PublicTrade>? TradePrinted;

    public ScriptedOrderBook Book(TradingPair pair)
    {
        if (!_books.TryGetValue(pair, out var book))
        {
            _books[pair] = book = new ScriptedOrderBook(pair, _time);
        }

        return book;
    }

    public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth, CancellationToken cancellationToken = default) =>
        WatchFailure is { } failure ? Task.FromException<IOrderBookView>(failure) : Task.FromResult<IOrderBookView>(Book(pair));

    public Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default)
    {
        WatchedTrades.Add(pair);
        return Task.CompletedTask;
    }

    /// <summary>Prints a public trade; <paramref name="takerSide"/> Sell means a seller hit the bids.</summary>
    public void Print(TradingPair pair, decimal price, decimal amount, OrderSide takerSide) =>
        TradePrinted?.Invoke(this, new PublicTrade(pair, price, amount, takerSide, _time.GetUtcNow(), $"PUB-{++_tradeSequence}"));
}
