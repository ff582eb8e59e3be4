using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>
/// The private WebSocket (with a fresh token from REST at every connect) and what it feeds: executions mapped onto the
/// tracked orders off the receive loop, and balances from the <c>balances</c> channel and <c>BalanceEx</c> reads.
/// </summary>
internal sealed class PrivateStreams(CompositionContext context, OrderBookkeeping bookkeeping, AccountLink link) : IComposer
{
    private FramePump? _executions;
    private CoalescingWorker? _balanceRefresh;

    public ExecutionMapper Mapper { get; private set; } = null!;

    public BalanceTracker Balances { get; private set; } = null!;

    public KrakenPrivateSocket Socket { get; private set; } = null!;

    public PrivateSubscriptions Subscriptions { get; private set; } = null!;

    /// <summary>
    /// Something these streams saw needs reconciliation (a reconnect, a subscription back, an execution that does not
    /// add up). Raised from start on; what is raised before anyone listens precedes the reconciliation run at start.
    /// </summary>
    public event Action<string>? ReconciliationNeeded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var (time, logger) = (context.Time, context.Logger);
        var tracker = bookkeeping.Tracker;
        Mapper = new ExecutionMapper(tracker, link.Catalog, time, logger) { Fleet = bookkeeping.Fleet };
        Balances = new BalanceTracker(link.Catalog, context.Events, time, logger) { TakerFeePercent = link.Fees.TakerPercent };
        // A fill or the end of an order frees its hold before the order's event is published.
        foreach (var open in tracker.Open) Balances.OnOrderChanged(open);
        tracker.OrderChanged += Balances.OnOrderChanged;

        Socket = new KrakenPrivateSocket(
            new SocketSessionOptions
            {
                Endpoint = options.Kraken.WebSocketAuthUrl,
                Name = "private",
                RequestTimeout = options.SocketRequestTimeout,
                Transport = options.SocketTransport,
            },
            new RestWebSocketTokenProvider(link.Rest), link.WebSockets, time, Random.Shared, context.LoggerFactory,
            options.MeterFactory);
        var executions = _executions = new FramePump(Mapper.OnFrame, logger);
        Socket.SetExecutionsSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => executions.Enqueue(utf8.Span));
        Socket.SetBalancesSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => Balances.OnFrame(utf8.Span));

        CoalescingWorker balanceRefresh = null!;
        balanceRefresh = _balanceRefresh = new CoalescingWorker("Balance refresh",
            async (_, ct) =>
            {
                if (!await RefreshBalancesAsync(ct).ConfigureAwait(false))
                    balanceRefresh.Request("read overlapped a fill");
            },
            TimeSpan.FromMilliseconds(20), options.ReconcileInterval, time, logger,
            minimumGap: options.BalanceRefreshGap ?? BalanceRefreshGap(options.Kraken.Tier));
        Subscriptions = new PrivateSubscriptions(Socket, time, logger);

        Mapper.ReconciliationNeeded += reason => ReconciliationNeeded?.Invoke(reason);
        // Kraken changes holds when it acknowledges, fills or closes an order: read the exact figures then.
        tracker.OrderChanged += order =>
        {
            if (order.ExchangeOrderId is not null) balanceRefresh.Request("order change");
        };
        bool firstConnect = true;
        Socket.Session.Ready += () =>
        {
            if (!firstConnect) ReconciliationNeeded?.Invoke("reconnect");
            firstConnect = false;
        };

        Socket.Start();
        // Executions and balances are awaited and kept: a refused subscription shows in Readiness and is sent
        // again until it holds; when it comes back, reconciliation reads what it would have said meanwhile.
        Subscriptions.Restored += channelName => ReconciliationNeeded?.Invoke($"{channelName} subscription restored");
        Subscriptions.Start();
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.SocketRequestTimeout);
            await Socket.WaitReadyAsync(wait.Token).ConfigureAwait(false);
            await Subscriptions.WhenSubscribedAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The private WebSocket or its subscriptions are not up yet (see Readiness); orders go over REST until they are, and reconciliation covers the gap.");
        }

        await RefreshBalancesAsync(cancellationToken).ConfigureAwait(false);
        balanceRefresh.Start();
    }

    // BalanceEx costs 1 on the REST counter: refresh at most at a third of its decay rate, leaving the rest to
    // reconciliation, lookups and the socket token.
    private static TimeSpan BalanceRefreshGap(KrakenTier tier) =>
        TimeSpan.FromSeconds(3 / (double)RestRateBudget.Limits(tier).DecayPerSecond);

    // False when the read overlapped a release of one of our holds and was set aside (see BalanceTracker).
    private async Task<bool> RefreshBalancesAsync(CancellationToken cancellationToken)
    {
        // Orders Kraken has not acknowledged before the read: their holds are not in hold_trade yet.
        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in bookkeeping.Tracker.Open)
            if (order.ExchangeOrderId is null) pending.Add(order.ClientOrderId);
        long askedAt = Balances.BeginRead();
        var result = await link.Rest.GetBalanceExAsync(cancellationToken).ConfigureAwait(false);
        return Balances.OnBalanceEx(result, pending, askedAt);
    }

    public async ValueTask DisposeAsync()
    {
        if (_balanceRefresh is not null) await _balanceRefresh.DisposeAsync().ConfigureAwait(false);
        if (Subscriptions is not null) await Subscriptions.DisposeAsync().ConfigureAwait(false);
        if (Socket is not null) await Socket.DisposeAsync().ConfigureAwait(false);
        if (_executions is not null) await _executions.DisposeAsync().ConfigureAwait(false);
    }
}
