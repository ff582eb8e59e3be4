using KrakenBot.Connector.Kraken.MarketData;

namespace KrakenBot.Backtest.Recording;

/// <summary>
/// Records Kraken's book and trade messages of some pairs, as received, with their arrival time, into a recording
/// directory; books are checksum-verified while recording (the connector's book tracker), and every checksum mismatch
/// or lost connection is written as a gap, where replay starts that book afresh. Works against Kraken and the sandbox.
/// </summary>
public sealed class MarketRecorder : IMarketDataTap, IAsyncDisposable
{
    private readonly KrakenMarketData _market;
    private readonly RecordingWriter _writer;
    private readonly Dictionary<string, int> _indexes;
    private long _books;
    private long _trades;
    private long _gaps;
    // Messages arrive on the socket's thread while a stop may be under way: a message is either written and counted, or
    // dropped after the stop, never written uncounted (the counts are what the recording holds).
    private readonly Lock _gate = new();
    private bool _stopped;

    private MarketRecorder(KrakenMarketData market, RecordingWriter writer, RecordingHeader header)
    {
        _market = market;
        _writer = writer;
        Header = header;
        _indexes = header.Pairs.Select((p, i) => (p.Symbol, i)).ToDictionary(x => x.Symbol, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>What the recording describes.</summary>
    public RecordingHeader Header { get; }

    /// <summary>Book messages recorded.</summary>
    public long BookMessages => Interlocked.Read(ref _books);

    /// <summary>Trade messages recorded.</summary>
    public long TradeMessages => Interlocked.Read(ref _trades);

    /// <summary>Gaps recorded.</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>The files written so far.</summary>
    public IReadOnlyList<string> Files => _writer.Files;

    /// <summary>
    /// Starts recording <paramref name="pairs"/> (any of Kraken's names) at <paramref name="depth"/> into <paramref name="directory"/>:
    /// taps <paramref name="market"/>, then subscribes the books and the trades.
    /// </summary>
    public static async Task<MarketRecorder> StartAsync(KrakenMarketData market, IReadOnlyList<string> pairs, int depth, string directory,
        string source, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (pairs.Count == 0) throw new ArgumentException("Name at least one pair to record.", nameof(pairs));
        time ??= TimeProvider.System;
        var recorded = new List<RecordedPair>();
        foreach (string name in pairs)
        {
            var pair = market.Markets.GetPair(name);
            var (price, quantity) = market.BookPrecision(pair.Symbol);
            if (recorded.All(p => p.Symbol != pair.Symbol))
                recorded.Add(new RecordedPair(pair.Symbol, price, quantity) { Rule = RecordedRule.From(pair.Rule) });
        }
        var header = new RecordingHeader { Pairs = recorded, Depth = depth, Source = source, Started = time.GetUtcNow() };
        var recorder = new MarketRecorder(market, new RecordingWriter(directory, header, time), header);
        market.Tap = recorder;
        try
        {
            foreach (var pair in recorded) await market.WatchBookAsync(pair.Symbol, depth, cancellationToken).ConfigureAwait(false);
            (await market.SubscribeTradesAsync(recorded.Select(p => p.Symbol), cancellationToken: cancellationToken).ConfigureAwait(false))
                .ThrowIfAnyFailed();
        }
        catch
        {
            await recorder.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return recorder;
    }

    /// <inheritdoc />
    public void OnMessage(string channel, string symbol, ReadOnlySpan<byte> utf8)
    {
        if (!_indexes.TryGetValue(symbol, out int index)) return; // a pair watched by someone else on the same connection
        bool book = channel == "book";
        lock (_gate)
        {
            if (_stopped) return;
            _writer.Append(book ? RecordKind.Book : RecordKind.Trade, index, utf8);
            Interlocked.Increment(ref book ? ref _books : ref _trades);
        }
    }

    /// <inheritdoc />
    public void OnGap(string? symbol, string reason)
    {
        int index = symbol is not null && _indexes.TryGetValue(symbol, out int found) ? found : -1;
        if (symbol is not null && index < 0) return;
        lock (_gate)
        {
            if (_stopped) return;
            _writer.Append(RecordKind.Gap, index, System.Text.Encoding.UTF8.GetBytes(reason));
            Interlocked.Increment(ref _gaps);
        }
    }

    /// <summary>Stops tapping and writes what is gathered; the counts are final once it returns.</summary>
    public ValueTask DisposeAsync()
    {
        if (ReferenceEquals(_market.Tap, this)) _market.Tap = null;
        lock (_gate) _stopped = true;
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }
}
