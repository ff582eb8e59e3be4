using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// A subscription that knows how to write itself, so the session can replay it after every reconnect.
/// Symbols Kraken refuses (or that get no answer when first subscribed) are dropped from it; the others stay.
/// </summary>
internal sealed class SocketSubscription
{
    /// <summary>Key used for channels that take no symbol (instrument, executions, balances).</summary>
    public const string NoSymbol = "";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);

    /// <param name="channel">The channel.</param>
    /// <param name="symbols">Symbols; empty for channels that take none.</param>
    /// <param name="writeChannelParams">Extra params sent on subscribe and unsubscribe (depth, interval, …).</param>
    /// <param name="requestSnapshot">Whether to ask for a snapshot (always on replay, so state is rebuilt).</param>
    /// <param name="requiresToken">Private channel: the session adds the current token.</param>
    /// <param name="silenceTimeout">Renew a symbol that sent nothing for this long; null = never.</param>
    public SocketSubscription(KrakenChannel channel, IEnumerable<string> symbols,
        Action<Utf8JsonWriter>? writeChannelParams = null, bool? requestSnapshot = null, bool requiresToken = false,
        TimeSpan? silenceTimeout = null)
    {
        Channel = channel;
        ChannelName = ChannelNames.ToWireName(channel);
        WriteChannelParams = writeChannelParams;
        RequestSnapshot = requestSnapshot;
        RequiresToken = requiresToken;
        SilenceTimeout = silenceTimeout;
        TakesSymbols = false;
        foreach (var symbol in symbols)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(symbol, nameof(symbols));
            _symbols.TryAdd(symbol, new SymbolState(this, symbol));
            TakesSymbols = true;
        }
        if (!TakesSymbols)
            _symbols.Add(NoSymbol, new SymbolState(this, NoSymbol));
    }

    public KrakenChannel Channel { get; }
    public string ChannelName { get; }
    public Action<Utf8JsonWriter>? WriteChannelParams { get; }
    public bool? RequestSnapshot { get; }
    public bool RequiresToken { get; }
    public TimeSpan? SilenceTimeout { get; }
    public bool TakesSymbols { get; }

    /// <summary>The symbols still part of this subscription.</summary>
    public SymbolState[] CurrentSymbols()
    {
        lock (_gate) return [.. _symbols.Values];
    }

    public SymbolState? Find(string symbol)
    {
        lock (_gate) return _symbols.GetValueOrDefault(symbol);
    }

    /// <summary>Drops a symbol so it is no longer replayed; settles its first outcome with <paramref name="error"/>.</summary>
    public void Remove(SymbolState state, ExchangeException? error)
    {
        lock (_gate) _symbols.Remove(state.Symbol);
        state.SetOutcome(error ?? new ExchangeException(ExchangeErrorCategory.Validation, $"Unsubscribed from '{ChannelName}' {state.Symbol}."));
    }

    public bool IsEmpty
    {
        get { lock (_gate) return _symbols.Count == 0; }
    }
}

/// <summary>One symbol of a subscription: first outcome, confirmed or not, and when data last arrived.</summary>
internal sealed class SymbolState(SocketSubscription subscription, string symbol)
{
    private readonly TaskCompletionSource<ExchangeException?> _firstOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastMessage;
    private volatile bool _active;

    public SocketSubscription Subscription { get; } = subscription;
    public string Symbol { get; } = symbol;

    /// <summary>Confirmed by Kraken on the current connection.</summary>
    public bool IsActive => _active;

    /// <summary>Completes with null once first confirmed, or with the error that ended it.</summary>
    public Task<ExchangeException?> FirstOutcome => _firstOutcome.Task;

    public long LastMessageTimestamp => Volatile.Read(ref _lastMessage);

    public void Touch(long timestamp) => Volatile.Write(ref _lastMessage, timestamp);

    public void MarkActive(long timestamp)
    {
        Touch(timestamp);
        _active = true;
        _firstOutcome.TrySetResult(null);
    }

    public void MarkInactive() => _active = false;

    public void SetOutcome(ExchangeException? error)
    {
        _active = false;
        _firstOutcome.TrySetResult(error);
    }
}
