using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Keeps the private <c>executions</c> and <c>balances</c> subscriptions up. Each is sent and its answer awaited; one
/// that Kraken refuses (or never answers, or drops later) is sent again after a growing pause (1 s doubling to 30 s)
/// until it holds, and <see cref="Readiness"/> says which one is missing and why meanwhile. When one comes back after
/// a gap, <see cref="Restored"/> asks for a reconciliation: its messages of the gap were never sent.
/// </summary>
internal sealed class PrivateSubscriptions : IAsyncDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    private readonly KrakenPrivateSocket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Feed[] _feeds;

    public PrivateSubscriptions(KrakenPrivateSocket socket, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _time = time;
        _logger = logger;
        _feeds =
        [
            new Feed("executions", ct => _socket.SubscribeExecutionsAsync(snapshotOrders: true, cancellationToken: ct)),
            new Feed("balances", ct => _socket.SubscribeBalancesAsync(ct)),
        ];
        _socket.Session.SubscriptionFailed += OnSubscriptionFailed;
    }

    /// <summary>A subscription came back after a gap (its name): what it would have said meanwhile must be read again.</summary>
    public event Action<string>? Restored;

    /// <summary>Sends both subscriptions (each retried on its own until it holds).</summary>
    public void Start()
    {
        foreach (var feed in _feeds) feed.Loop = Task.Run(() => KeepAsync(feed, _stop.Token));
    }

    /// <summary>Completes when both hold (or <paramref name="cancellationToken"/> gives up waiting; they keep trying).</summary>
    public async Task WhenSubscribedAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in _feeds) await feed.Held.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One readiness line per subscription: ready, or missing with Kraken's reason and the next attempt.</summary>
    public IEnumerable<ComponentReadiness> Readiness =>
        _feeds.Select(f => new ComponentReadiness(f.Name + "_subscription", f.IsHeld, f.IsHeld ? null : f.Problem ?? "subscribing"));

    private async Task KeepAsync(Feed feed, CancellationToken stop)
    {
        var pause = FirstPause;
        bool hadGap = false;
        while (!stop.IsCancellationRequested)
        {
            string problem;
            try
            {
                var result = await feed.Subscribe(stop).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    feed.MarkHeld();
                    if (hadGap) Restored?.Invoke(feed.Name);
                    if (!await feed.WaitForDropAsync(stop).ConfigureAwait(false)) return;
                    hadGap = true;
                    pause = FirstPause;
                    continue;
                }
                problem = string.Join("; ", result.Failed.Values.Select(e => e.Message));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ExchangeException e)
            {
                problem = e.Message;
            }

            hadGap = true;
            feed.MarkMissing($"{problem} — trying again in {pause.TotalSeconds:0} s");
            _logger.LogWarning("The private '{Channel}' subscription is not up ({Problem}); trying again in {Pause}.", feed.Name, problem, pause);
            try
            {
                await Task.Delay(pause, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            pause = pause * 2 > LongestPause ? LongestPause : pause * 2;
        }
    }

    // A subscription refused when the session replays it after a reconnect ends it: its keeper subscribes it again.
    private void OnSubscriptionFailed(ExchangeException error)
    {
        if (error is not SubscriptionRejectedException rejected) return;
        foreach (var feed in _feeds)
        {
            if (feed.Name == rejected.Channel) feed.MarkDropped(rejected.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Session.SubscriptionFailed -= OnSubscriptionFailed;
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var feed in _feeds)
        {
            if (feed.Loop is { } loop) await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }

    private sealed class Feed(string name, Func<CancellationToken, Task<SubscriptionResult>> subscribe)
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name { get; } = name;
        public Func<CancellationToken, Task<SubscriptionResult>> Subscribe { get; } = subscribe;
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task? Loop { get; set; }
        public bool IsHeld { get; private set; }
        public string? Problem { get; private set; }

        public void MarkHeld()
        {
            lock (_gate)
            {
                IsHeld = true;
                Problem = null;
                _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            Held.TrySetResult();
        }

        public void MarkMissing(string problem)
        {
            lock (_gate)
            {
                IsHeld = false;
                Problem = problem;
            }
        }

        public void MarkDropped(string problem)
        {
            TaskCompletionSource dropped;
            lock (_gate)
            {
                IsHeld = false;
                Problem = problem;
                dropped = _dropped;
            }
            dropped.TrySetResult();
        }

        /// <summary>True when the subscription was dropped (subscribe again); false when stopping.</summary>
        public async Task<bool> WaitForDropAsync(CancellationToken stop)
        {
            Task dropped;
            lock (_gate) dropped = _dropped.Task;
            try
            {
                await dropped.WaitAsync(stop).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
