using System.Collections.Concurrent;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// The WebSocket v2 side of the sandbox: every connection, the public feeds of every pair and the
/// private feeds of every account. It listens to the exchange's events and fans them out to the
/// subscribers' send queues; it never blocks the engine.
/// </summary>
internal sealed class SocketHub : IExchangeEventSink, IDisposable
{
    /// <summary>Messages a connection may have waiting before it counts as too slow and is dropped.</summary>
    public const int DefaultQueueCapacity = 16_384;

    private readonly ConcurrentDictionary<ulong, WsConnection> _connections = new();
    private readonly IDisposable _events;
    private readonly ITimer _tick;
    private readonly Lock _gate = new();
    private WsConnection[] _instrument = [];
    private TradingStatus _lastSystem;
    private readonly TradingStatus[] _lastPairStatus;
    private long _nextConnectionId;
    private DateTimeOffset _lastScheduledDrop;

    public SocketHub(SandboxContext context, int queueCapacity = DefaultQueueCapacity)
    {
        Context = context;
        QueueCapacity = queueCapacity;
        var exchange = context.Exchange;
        Books = new BookFeed[exchange.Markets.Pairs.Count];
        Markets = new MarketFeed[exchange.Markets.Pairs.Count];
        foreach (var pair in exchange.Markets.Pairs)
        {
            Books[pair.Index] = new BookFeed(pair, context.Faults);
            Markets[pair.Index] = new MarketFeed(pair);
        }
        Accounts = new AccountFeed(exchange, context.Faults, context.Options.Seed);
        _lastSystem = exchange.SystemStatus;
        _lastPairStatus = new TradingStatus[exchange.Markets.Pairs.Count];
        foreach (var pair in exchange.Markets.Pairs) _lastPairStatus[pair.Index] = InstrumentMessage.StatusOf(exchange, pair);
        // Connection ids look like Kraken's (large uint64), but are reproducible for a seed.
        _nextConnectionId = (long)(new Random(context.Options.Seed).NextInt64() & 0x3FFF_FFFF_FFFF_FFFF);
        _events = exchange.Events.Subscribe(this);
        context.Faults.DropSocketsRequested += DropAll;
        _lastScheduledDrop = context.Time.GetUtcNow();
        _tick = context.Time.CreateTimer(static s => ((SocketHub)s!).Tick(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public SandboxContext Context { get; }
    public int QueueCapacity { get; }
    public BookFeed[] Books { get; }
    public MarketFeed[] Markets { get; }
    public AccountFeed Accounts { get; }

    public int ConnectionCount => _connections.Count;

    public WsConnection Open(System.Net.WebSockets.WebSocket socket, bool isPrivate)
    {
        var id = (ulong)Interlocked.Increment(ref _nextConnectionId);
        var connection = new WsConnection(socket, isPrivate, id, QueueCapacity);
        _connections[id] = connection;
        return connection;
    }

    /// <summary>Forgets a connection and every subscription it held.</summary>
    public void Close(WsConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        foreach (var subscription in connection.TakeSubscriptions()) Unsubscribe(connection, subscription);
    }

    public void Unsubscribe(WsConnection connection, object subscription)
    {
        switch (subscription)
        {
            case BookSubscription b: Books[b.PairIndex].Unsubscribe(connection, b.Depth); break;
            case TradeSubscription t: Markets[t.PairIndex].UnsubscribeTrades(connection); break;
            case TickerSubscription t: Markets[t.PairIndex].UnsubscribeTicker(connection); break;
            case OhlcSubscription o: Markets[o.PairIndex].UnsubscribeOhlc(connection, o.IntervalIndex); break;
            case ExecutionSubscription e: Accounts.Unsubscribe(e); break;
            case BalanceSubscription b: Accounts.Unsubscribe(b); break;
            case InstrumentSubscription:
                lock (_gate) _instrument = Array.FindAll(_instrument, c => !ReferenceEquals(c, connection));
                break;
        }
    }

    /// <summary>Adds an <c>instrument</c> subscriber: it hears of pair status changes from now on.</summary>
    public void SubscribeInstrument(WsConnection connection)
    {
        lock (_gate) _instrument = [.. _instrument, connection];
    }

    /// <summary>Fault: cut every connection now.</summary>
    public void DropAll()
    {
        foreach (var connection in _connections.Values) connection.Abort("dropped by fault injection");
    }

    /// <summary>Once a second: keep tokens of live private subscriptions valid, and run the scheduled drop fault.</summary>
    private void Tick()
    {
        foreach (var connection in _connections.Values)
            foreach (var token in connection.TokensInUse()) Context.Tokens.Touch(token);
        PublishStatusChanges();
        DropIfDue();
    }

    /// <summary>Kraken pushes <c>status</c> when the system status changes, and <c>instrument</c> updates for pairs that changed.</summary>
    private void PublishStatusChanges()
    {
        var exchange = Context.Exchange;
        var system = exchange.SystemStatus;
        if (system != _lastSystem)
        {
            _lastSystem = system;
            foreach (var connection in _connections.Values) connection.Send(StatusMessage.Build(system, connection.Id));
        }
        List<PairInfo>? changed = null;
        foreach (var pair in exchange.Markets.Pairs)
        {
            var status = InstrumentMessage.StatusOf(exchange, pair);
            if (status == _lastPairStatus[pair.Index]) continue;
            _lastPairStatus[pair.Index] = status;
            (changed ??= []).Add(pair);
        }
        var subscribers = Volatile.Read(ref _instrument);
        if (changed is null || subscribers.Length == 0) return;
        var message = InstrumentMessage.PairsUpdate(exchange, changed);
        foreach (var connection in subscribers) connection.Send(message);
    }

    private void DropIfDue()
    {
        var now = Context.Time.GetUtcNow();
        if (Context.Faults.DropSocketsEvery is not { } every)
        {
            _lastScheduledDrop = now;
            return;
        }
        if (now - _lastScheduledDrop < every) return;
        _lastScheduledDrop = now;
        DropAll();
    }

    // ---- exchange events (engine thread, inside the pair's lock) ----

    public void OnOrder(in OrderEvent e) => Accounts.OnOrder(e);

    public void OnPublicTrade(in PublicTradeEvent e)
    {
        Accounts.OnTrade(e);
        Markets[e.Pair.Index].OnTrade(Context.Exchange.Engine(e.Pair), e);
    }

    public void OnBookLevel(in BookLevelEvent e)
    {
        Books[e.Pair.Index].OnLevel(e);
        Markets[e.Pair.Index].OnBookLevel(Context.Exchange.Engine(e.Pair), e.Time);
    }

    public void OnBalance(in BalanceEvent e) => Accounts.OnBalance(e);

    public void Dispose()
    {
        _events.Dispose();
        _tick.Dispose();
        Context.Faults.DropSocketsRequested -= DropAll;
        DropAll();
    }
}

/// <summary>Subscription records a connection keeps, so it can leave every feed when it closes.</summary>
internal sealed record BookSubscription(int PairIndex, int Depth);
internal sealed record TradeSubscription(int PairIndex);
internal sealed record TickerSubscription(int PairIndex);
internal sealed record OhlcSubscription(int PairIndex, int IntervalIndex);
internal sealed record InstrumentSubscription;
