using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Faults;

/// <summary>How the REST API misbehaves when asked to.</summary>
public enum RestFault
{
    /// <summary>Answer <c>{"error":["EService:Unavailable"]}</c>.</summary>
    Unavailable,
    /// <summary>Answer <c>{"error":["EService:Busy"]}</c>.</summary>
    Busy,
    /// <summary>Answer HTTP 502 Bad Gateway with an HTML body, as Kraken's edge does.</summary>
    BadGateway,
}

/// <summary>
/// Faults injected on purpose. Every fault is off until asked for; counted faults switch
/// themselves off after they have fired that many times. Thread-safe. The WebSocket hooks at the
/// bottom are consumed by the WebSocket API (one <c>TryConsume…</c> per message it would send).
/// </summary>
public sealed class SandboxFaults
{
    private readonly ExchangeEngine _exchange;
    private RestFault _restFault;
    private int _restFaultCount;
    private int _swallowOrderReplies;
    private int _lostCancels;
    private int _heldOrderRequests;
    private long _orderHoldTicks;
    private int _heldOrderRequestsReleased;
    private int _forcedRateLimits;
    private string? _forcedRateLimitMethod;
    private int _corruptChecksums;
    private string? _corruptSymbol;
    private int _dropAcks;
    private int _duplicateExecutions;
    private int _reorderExecutions;
    private long _ackDelayTicks;
    private long _dropSocketsEveryTicks;
    private int _refusedSubscriptions;
    private string? _refusedChannel;

    internal SandboxFaults(ExchangeEngine exchange) => _exchange = exchange;

    /// <summary>Answers the next <paramref name="count"/> REST calls (public and private) with <paramref name="fault"/>.</summary>
    public void FailRest(RestFault fault, int count = int.MaxValue)
    {
        _restFault = fault;
        Volatile.Write(ref _restFaultCount, count);
    }

    /// <summary>Places the next <paramref name="count"/> orders (AddOrder, AddOrderBatch, EditOrder) but never answers the call.</summary>
    public void SwallowOrderReplies(int count = 1) => Volatile.Write(ref _swallowOrderReplies, count);

    /// <summary>
    /// Loses the next <paramref name="count"/> single-order cancels (REST <c>CancelOrder</c>, WebSocket <c>cancel_order</c>)
    /// on their way in: the engine never sees them, so the order stays open, and no answer comes (the caller times out).
    /// </summary>
    public void LoseCancels(int count = 1) => Volatile.Write(ref _lostCancels, count);

    /// <summary>
    /// Holds the next <paramref name="count"/> REST order placements (AddOrder, AddOrderBatch, EditOrder) for
    /// <paramref name="delay"/> of the sandbox's clock before the engine sees them, as if they were slow on their way in:
    /// they are then processed as usual (a <c>deadline</c> that passed meanwhile refuses them), even when the caller
    /// gave up waiting. Other calls are not held.
    /// </summary>
    public void HoldOrderRequests(TimeSpan delay, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Interlocked.Exchange(ref _orderHoldTicks, delay.Ticks);
        Volatile.Write(ref _heldOrderRequests, count);
    }

    /// <summary>Refuses the next <paramref name="count"/> private calls with Kraken's rate-limit error.</summary>
    public void ForceRateLimit(int count = 1) => ForceRateLimit(count, null);

    /// <summary>
    /// Refuses the next <paramref name="count"/> calls of one private method with Kraken's rate-limit error; the
    /// method by its REST or WebSocket name alike (<c>CancelAll</c> or <c>cancel_all</c>); other calls go through.
    /// </summary>
    public void ForceRateLimit(int count, string? method)
    {
        Volatile.Write(ref _forcedRateLimitMethod, method is null ? null : MethodKey(method));
        Volatile.Write(ref _forcedRateLimits, count);
    }

    private static string MethodKey(string method) => method.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Exchange-wide status (SystemStatus); the engine honours it for every order and cancel.</summary>
    public TradingStatus SystemStatus
    {
        get => _exchange.SystemStatus;
        set => _exchange.SystemStatus = value;
    }

    /// <summary>Sets one pair's status (AssetPairs <c>status</c>); the engine honours it for that pair.</summary>
    /// <param name="pair">REST id, altname, WS name or v2 symbol, e.g. <c>XBTUSD</c> or <c>BTC/USD</c>.</param>
    /// <param name="status">The new status.</param>
    /// <exception cref="ArgumentException">The pair is unknown.</exception>
    public void SetPairStatus(string pair, TradingStatus status)
    {
        if (!_exchange.Markets.TryGetPair(pair, out var info)) throw new ArgumentException($"Unknown pair '{pair}'.", nameof(pair));
        info.Status = status;
    }

    /// <summary>
    /// Refuses the next <paramref name="count"/> new orders on one pair (REST and WebSocket alike) as Kraken refuses an
    /// order on a market in cancel-only mode (<c>EService:Market in cancel_only mode</c>), while the pair's status stays
    /// online: an order refused on its way in, e.g. one leg of a strategy's sequence. Other pairs are not affected.
    /// </summary>
    /// <param name="pair">REST id, altname, WS name or v2 symbol, e.g. <c>ETHXBT</c> or <c>ETH/BTC</c>.</param>
    /// <param name="count">How many orders to refuse.</param>
    /// <param name="apiKey">Only the orders of the account with this API key; null: any account's.</param>
    /// <exception cref="ArgumentException">The pair is unknown.</exception>
    public void RefuseOrders(string pair, int count = 1, string? apiKey = null)
    {
        if (!_exchange.Markets.TryGetPair(pair, out var info)) throw new ArgumentException($"Unknown pair '{pair}'.", nameof(pair));
        Volatile.Write(ref info.RefusedOrdersKey, apiKey);
        Volatile.Write(ref info.RefusedOrders, count);
    }

    internal static bool TryConsumeOrderRefusal(PairInfo pair, string? apiKey) =>
        (Volatile.Read(ref pair.RefusedOrdersKey) is not { } only || only == apiKey) && TryConsume(ref pair.RefusedOrders);

    /// <summary>Switches every fault off and sets the system and every pair back online.</summary>
    public void Clear()
    {
        Volatile.Write(ref _restFaultCount, 0);
        Volatile.Write(ref _swallowOrderReplies, 0);
        Volatile.Write(ref _lostCancels, 0);
        Volatile.Write(ref _heldOrderRequests, 0);
        Volatile.Write(ref _forcedRateLimits, 0);
        Volatile.Write(ref _forcedRateLimitMethod, null);
        Volatile.Write(ref _corruptChecksums, 0);
        Volatile.Write(ref _dropAcks, 0);
        Volatile.Write(ref _duplicateExecutions, 0);
        Volatile.Write(ref _reorderExecutions, 0);
        Volatile.Write(ref _refusedSubscriptions, 0);
        Interlocked.Exchange(ref _ackDelayTicks, 0);
        Interlocked.Exchange(ref _dropSocketsEveryTicks, 0);
        _exchange.SystemStatus = TradingStatus.Online;
        foreach (var pair in _exchange.Markets.Pairs)
        {
            pair.Status = TradingStatus.Online;
            Volatile.Write(ref pair.RefusedOrders, 0);
        }
    }

    internal bool TryConsumeRestFault(out RestFault fault)
    {
        fault = _restFault;
        return TryConsume(ref _restFaultCount);
    }

    internal bool TryConsumeSwallowedReply() => TryConsume(ref _swallowOrderReplies);

    internal bool TryConsumeLostCancel(string method) => MethodKey(method) == "cancelorder" && TryConsume(ref _lostCancels);

    internal bool TryConsumeForcedRateLimit(string method) =>
        (Volatile.Read(ref _forcedRateLimitMethod) is not { } only || only == MethodKey(method)) && TryConsume(ref _forcedRateLimits);

    /// <summary>How many order placements held by <see cref="HoldOrderRequests"/> have reached the engine since start.</summary>
    public int HeldOrderRequestsReleased => Volatile.Read(ref _heldOrderRequestsReleased);

    internal void HeldOrderRequestReleased() => Interlocked.Increment(ref _heldOrderRequestsReleased);

    internal bool TryConsumeOrderHold(out TimeSpan delay)
    {
        delay = TimeSpan.FromTicks(Interlocked.Read(ref _orderHoldTicks));
        return TryConsume(ref _heldOrderRequests);
    }

    // ---- WebSocket hooks (wired by the WebSocket API) ----

    /// <summary>Raised when every socket should be dropped now (and every <see cref="DropSocketsEvery"/>).</summary>
    public event Action? DropSocketsRequested;

    /// <summary>Drops every WebSocket connection now.</summary>
    public void DropSockets() => DropSocketsRequested?.Invoke();

    /// <summary>When set, the WebSocket API drops every socket this often; null = never.</summary>
    public TimeSpan? DropSocketsEvery
    {
        get => Interlocked.Read(ref _dropSocketsEveryTicks) is var t and > 0 ? TimeSpan.FromTicks(t) : null;
        set => Interlocked.Exchange(ref _dropSocketsEveryTicks, value?.Ticks ?? 0);
    }

    /// <summary>Sends a wrong checksum on the next <paramref name="count"/> book messages.</summary>
    /// <param name="count">How many book messages to corrupt.</param>
    /// <param name="symbol">Only this pair's book (v2 symbol, e.g. <c>BTC/USD</c>); null = any pair.</param>
    public void CorruptNextChecksum(int count = 1, string? symbol = null)
    {
        _corruptSymbol = symbol;
        Volatile.Write(ref _corruptChecksums, count);
    }

    /// <summary>Delays every WebSocket method acknowledgement by this much.</summary>
    public TimeSpan AckDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ackDelayTicks));
        set => Interlocked.Exchange(ref _ackDelayTicks, value.Ticks);
    }

    /// <summary>Never sends the next <paramref name="count"/> method acknowledgements (the method still runs).</summary>
    public void DropAcks(int count = 1) => Volatile.Write(ref _dropAcks, count);

    /// <summary>
    /// Refuses the next <paramref name="count"/> WebSocket subscriptions to <paramref name="channel"/> (e.g.
    /// <c>executions</c>, <c>balances</c>) with Kraken's <c>EGeneral:Temporary lockout</c>, as Kraken does when busy.
    /// </summary>
    public void RefuseSubscriptions(string channel, int count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        Volatile.Write(ref _refusedChannel, channel);
        Volatile.Write(ref _refusedSubscriptions, count);
    }

    /// <summary>Sends each of the next <paramref name="count"/> execution messages twice.</summary>
    public void DuplicateExecutions(int count = 1) => Volatile.Write(ref _duplicateExecutions, count);

    /// <summary>Swaps the order of the next <paramref name="count"/> pairs of execution messages.</summary>
    public void ReorderExecutions(int count = 1) => Volatile.Write(ref _reorderExecutions, count);

    internal bool TryConsumeChecksumCorruption(string? symbol = null) =>
        (Volatile.Read(ref _corruptSymbol) is not { } only || only == symbol) && TryConsume(ref _corruptChecksums);
    internal bool TryConsumeAckDrop() => TryConsume(ref _dropAcks);
    internal bool TryConsumeSubscriptionRefusal(string channel) =>
        Volatile.Read(ref _refusedChannel) == channel && TryConsume(ref _refusedSubscriptions);
    internal bool TryConsumeDuplicateExecution() => TryConsume(ref _duplicateExecutions);
    internal bool TryConsumeReorderExecution() => TryConsume(ref _reorderExecutions);

    private static bool TryConsume(ref int counter)
    {
        while (true)
        {
            var n = Volatile.Read(ref counter);
            if (n <= 0) return false;
            if (n == int.MaxValue) return true; // "until cleared"
            if (Interlocked.CompareExchange(ref counter, n - 1, n) == n) return true;
        }
    }
}
