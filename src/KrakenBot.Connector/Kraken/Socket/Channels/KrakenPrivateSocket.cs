using System.Diagnostics.Metrics;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Kraken's private WebSocket v2 endpoint (ws-auth): <c>executions</c> and <c>balances</c> routed raw to their
/// consumers (the order tracker and the balance keeper), and trading methods. The token comes from
/// <see cref="IWebSocketTokenProvider"/>, fresh on every connect, and is added to every request that needs it.
/// </summary>
internal sealed class KrakenPrivateSocket : IAsyncDisposable
{
    private readonly SocketSession _session;

    public KrakenPrivateSocket(SocketSessionOptions options, IWebSocketTokenProvider tokens, IWebSocketConnector connector,
        TimeProvider time, Random random, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        _session = new SocketSession(options, connector, time, random, loggerFactory, meterFactory, tokens);
    }

    public SocketSession Session => _session;

    public void Start() => _session.Start();

    public Task WaitReadyAsync(CancellationToken cancellationToken) => _session.WaitReadyAsync(cancellationToken);

    public void SetExecutionsSink(ChannelMessageSink sink) => _session.SetSink(KrakenChannel.Executions, sink);

    public void SetBalancesSink(ChannelMessageSink sink) => _session.SetSink(KrakenChannel.Balances, sink);

    /// <summary>
    /// Subscribes to order and fill events. After every reconnect the replay asks for the open orders again
    /// (<paramref name="snapshotOrders"/>), so the tracker can reconcile what it missed.
    /// </summary>
    public Task<SubscriptionResult> SubscribeExecutionsAsync(bool snapshotOrders = true, bool snapshotTrades = false,
        bool rateCounter = false, CancellationToken cancellationToken = default)
    {
        Action<Utf8JsonWriter> extra = w =>
        {
            w.WriteBoolean("snap_orders"u8, snapshotOrders);
            w.WriteBoolean("snap_trades"u8, snapshotTrades);
            if (rateCounter) w.WriteBoolean("ratecounter"u8, true);
        };
        return _session.SubscribeAsync(new SocketSubscription(KrakenChannel.Executions, [], extra, requiresToken: true),
            cancellationToken);
    }

    /// <summary>Subscribes to balances (snapshot, then one update per ledger entry).</summary>
    public Task<SubscriptionResult> SubscribeBalancesAsync(CancellationToken cancellationToken = default) =>
        _session.SubscribeAsync(new SocketSubscription(KrakenChannel.Balances, [], requestSnapshot: true, requiresToken: true),
            cancellationToken);

    /// <summary>
    /// Sends a trading method (<c>add_order</c>, <c>cancel_order</c>, …) with the token. No answer in time, or a
    /// connection lost before the answer, is reported as "outcome unknown": look the order up before re-sending.
    /// </summary>
    public Task<MethodResponse> SendTradingRequestAsync(string method, Action<Utf8JsonWriter> writeParams,
        CancellationToken cancellationToken) =>
        _session.SendRequestAsync(method, writeParams, changesState: true, cancellationToken);

    /// <inheritdoc cref="SendTradingRequestAsync(string, Action{Utf8JsonWriter}, CancellationToken)"/>
    /// <param name="state">What <paramref name="writeParams"/> writes from (passed, not captured).</param>
    public Task<MethodResponse> SendTradingRequestAsync<TState>(string method, TState state, Action<Utf8JsonWriter, TState> writeParams,
        CancellationToken cancellationToken) =>
        _session.SendRequestAsync(method, state, writeParams, changesState: true, cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
