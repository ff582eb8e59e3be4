using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Api.Socket;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Benchmarks.Socket;

/// <summary>
/// What WebSocket v2 publishing costs the matching engine: add/cancel throughput on BTC/USD while
/// N connections subscribe to its book (depth 10) and trades. Messages are formatted on the engine
/// thread and queued; the sockets here accept every send at once, so only the publishing is timed.
/// Run: <c>dotnet run -c Release --project bench/KrakenBot.Benchmarks -- --filter *SocketFanOut*</c>.
/// </summary>
[MemoryDiagnoser]
public class SocketFanOutBenchmarks
{
    private const int Batch = 1000;
    private ExchangeEngine _exchange = null!;
    private SocketHub _hub = null!;
    private PairEngine _engine = null!;
    private Account _alice = null!;
    private readonly Order[] _orders = new Order[Batch];
    private readonly List<WsConnection> _connections = [];

    /// <summary>Connections subscribed to the book and trades of the pair.</summary>
    [Params(0, 10, 100)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var markets = MarketCatalog.CreateDefault();
        _exchange = new ExchangeEngine(markets, TimeProvider.System, seed: 7);
        markets.TryGetPair("BTC/USD", out var pair);
        _engine = _exchange.Engine(pair!);
        _alice = _exchange.Accounts.Create("alice", null, null, ApiPermissions.All, AccountTier.Pro, synthetic: true);
        _exchange.Deposit(_alice, pair!.Quote, 1_000_000_000_000m);
        var context = new SandboxContext
        {
            Exchange = _exchange,
            Faults = new SandboxFaults(_exchange),
            Tokens = new WebSocketTokens(TimeProvider.System),
            Options = new SandboxOptions(),
        };
        _hub = new SocketHub(context);
        var ack = "{}"u8.ToArray();
        for (var i = 0; i < Subscribers; i++)
        {
            var connection = _hub.Open(new DiscardWebSocket(), isPrivate: false);
            _ = connection.RunAsync((_, _) => Task.CompletedTask, CancellationToken.None);
            _hub.Books[pair.Index].Subscribe(_engine, connection, 10, snapshot: true, ack, DateTimeOffset.UtcNow);
            _hub.Markets[pair.Index].SubscribeTrades(_engine, connection, snapshot: false, ack, DateTimeOffset.UtcNow);
            _connections.Add(connection);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hub.Dispose();
        _exchange.Dispose();
    }

    /// <summary>1000 resting bids over 50 levels (the top 10 are in every subscriber's depth), then 1000 cancels.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Batch)]
    public void AddThenCancel()
    {
        for (var i = 0; i < Batch; i++)
        {
            _orders[i] = _engine.Submit(new OrderRequest
            {
                Account = _alice, Side = Side.Buy, Kind = OrderKind.Limit, Volume = 0.01m, LimitPrice = 50000m - (i % 50) * 0.1m,
            }).Order!;
        }
        for (var i = 0; i < Batch; i++) _engine.Cancel(_orders[i]);
        foreach (var c in _connections)
            if (!c.IsOpen) throw new InvalidOperationException("a subscriber was dropped: " + c.AbortReason);
    }

    /// <summary>A socket that takes every message at once and never receives.</summary>
    private sealed class DiscardWebSocket : WebSocket
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override WebSocketCloseStatus? CloseStatus => null;
        public override string? CloseStatusDescription => null;
        public override WebSocketState State => _closed.Task.IsCompleted ? WebSocketState.Aborted : WebSocketState.Open;
        public override string? SubProtocol => null;
        public override void Abort() => _closed.TrySetResult();
        public override Task CloseAsync(WebSocketCloseStatus s, string? d, CancellationToken c) => Task.CompletedTask;
        public override Task CloseOutputAsync(WebSocketCloseStatus s, string? d, CancellationToken c) => Task.CompletedTask;
        public override void Dispose() => _closed.TrySetResult();
        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType type, bool end, CancellationToken c) => Task.CompletedTask;
        public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType type, bool end, CancellationToken c) => ValueTask.CompletedTask;

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken c)
        {
            await _closed.Task.WaitAsync(c);
            return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true);
        }
    }
}
