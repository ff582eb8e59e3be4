using System.Globalization;
using KrakenBot.Backtest.Recording;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Backtest.Replay;

/// <summary>
/// The market of a recording as the paper exchange sees it (<see cref="IPaperMarketData"/>): the exact books rebuilt
/// record by record, trade prints from the recorded trade messages (snapshots of past trades are not prints), and the
/// recorded trading rules with the backtest's fees. Fed by <see cref="BacktestEngine"/>, one record at a time.
/// </summary>
internal sealed class ReplayMarketData : IPaperMarketData, IDisposable
{
    private static ReadOnlySpan<byte> SnapshotMarker => "\"type\":\"snapshot\""u8;

    private readonly RecordingHeader _header;
    private readonly RecordedBooks _books;
    private readonly TradingPair[] _pairs;
    private readonly OrderBookView[] _views;
    private readonly SymbolCache _symbols = new();
    private readonly Action<KrakenTrade> _onTrade;
    private int _tradePair;

    public ReplayMarketData(RecordingHeader header, decimal makerFeePercent, decimal takerFeePercent, TimeProvider time)
    {
        _header = header;
        _books = new RecordedBooks(header);
        var rules = new List<TradingRule>();
        _pairs = new TradingPair[header.Pairs.Count];
        _views = new OrderBookView[header.Pairs.Count];
        for (int i = 0; i < header.Pairs.Count; i++)
        {
            var recorded = header.Pairs[i];
            var rule = recorded.Rule?.ToTradingRule(makerFeePercent, takerFeePercent)
                ?? throw new RecordingFormatException("(header)", $"pair {recorded.Symbol} has no trading rule: record it again with this version.");
            rules.Add(rule);
            _pairs[i] = rule.Pair;
            _views[i] = new OrderBookView(rule.Pair, _books.Book(i), time);
        }
        TradingRules = rules;
        _onTrade = OnTrade;
    }

    public IReadOnlyList<TradingRule> TradingRules { get; }

    public event EventHandler<PublicTrade>? TradePrinted;

    /// <summary>The pair of each header index.</summary>
    public IReadOnlyList<TradingPair> Pairs => _pairs;

    public long ChecksumMismatches => _books.ChecksumMismatches;

    public IOrderBookView View(int pairIndex) => _views[pairIndex];

    public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth, CancellationToken cancellationToken = default)
    {
        int index = Array.IndexOf(_pairs, pair);
        if (index < 0) throw new ExchangeValidationException($"The recording has no {pair}: it holds {string.Join(", ", _pairs.Select(p => p.ToString()))}.");
        if (depth > _header.Depth) throw new ExchangeValidationException($"The recording's books are {_header.Depth} levels deep; {depth} were asked for {pair}.");
        return Task.FromResult<IOrderBookView>(_views[index]);
    }

    public Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
        Array.IndexOf(_pairs, pair) >= 0 ? Task.CompletedTask
            : Task.FromException(new ExchangeValidationException($"The recording has no trades of {pair}."));

    /// <summary>Applies one record: a book frame or gap to its book (raising its Changed), a trade message as prints.</summary>
    public void Apply(RecordKind kind, int pairIndex, ReadOnlySpan<byte> payload)
    {
        if (kind == RecordKind.Trade)
        {
            if (payload.IndexOf(SnapshotMarker) >= 0 || pairIndex >= _pairs.Length) return;
            _tradePair = pairIndex;
            TradeParser.Parse(payload, isSnapshot: false, _symbols, _onTrade);
            return;
        }
        _books.Apply(kind, pairIndex, payload);
    }

    private void OnTrade(KrakenTrade trade) =>
        TradePrinted?.Invoke(this, new PublicTrade(_pairs[_tradePair], trade.Price, trade.Quantity,
            trade.Side == TradeSide.Buy ? OrderSide.Buy : OrderSide.Sell, trade.Timestamp, trade.TradeId.ToString(CultureInfo.InvariantCulture)));

    public void Dispose() => _books.Dispose();
}
