using KrakenBot.Sandbox.Limits;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Accounts;

/// <summary>
/// One trading account: balances with holds, orders and trades, rate counters.
/// Balances and order lists are guarded by <see cref="Gate"/>; a pair engine takes its own
/// lock first and this one second, never the other way round, so the two cannot deadlock.
/// </summary>
internal sealed class Account
{
    private readonly byte[]? _secret;
    private readonly decimal[] _total;
    private readonly decimal[] _held;
    private readonly decimal[] _deposits;
    private ulong _nonceHighWater;

    public Account(int id, string name, string? apiKey, byte[]? secret, ApiPermissions permissions, AccountTier tier, int assetCount)
    {
        Id = id;
        Name = name;
        ApiKey = apiKey;
        _secret = secret;
        Permissions = permissions;
        Tier = tier;
        _total = new decimal[assetCount];
        _held = new decimal[assetCount];
        _deposits = new decimal[assetCount];
    }

    public int Id { get; }
    public string Name { get; }
    public string? ApiKey { get; }
    public ApiPermissions Permissions { get; }
    public AccountTier Tier { get; }
    /// <summary>Synthetic market participants have no open-order limit and keep no history.</summary>
    public bool IsSynthetic { get; init; }

    /// <summary>
    /// Whether closed orders and trades are kept for queries. Synthetic traders never query theirs,
    /// and keeping it would only make the garbage collector work (it costs ~2x on fills).
    /// </summary>
    public bool KeepsHistory => !IsSynthetic;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);

    /// <summary>Counts a refusal sent to this account with <paramref name="error"/> (rate limits, stale nonces).</summary>
    public void Refused(string error) => _refusals.AddOrUpdate(error, 1, static (_, count) => count + 1);

    /// <summary>How many times this account was refused with <paramref name="error"/>.</summary>
    public int Refusals(string error) => _refusals.GetValueOrDefault(error);

    /// <summary>Lock for balances, order lists and trades.</summary>
    public object Gate { get; } = new();

    /// <summary>The decoded API secret; only the signature check reads it.</summary>
    public ReadOnlySpan<byte> Secret => _secret;

    public Dictionary<string, Order> OpenOrders { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Order> OpenByClientId { get; } = new(StringComparer.Ordinal);
    private int[] _openPerPair = new int[8];
    public RetainedList<Order> ClosedOrders { get; } = new(ExchangeLimits.RetainedClosedOrders);
    public RetainedList<Trade> Trades { get; } = new(ExchangeLimits.RetainedTrades);

    /// <summary>Traded volume in the fee-volume currency (USD); selects the fee tier.</summary>
    public decimal TradedVolume { get; set; }

    public RestCallCounter? RestCounter { get; set; }
    public TradingCounters? TradingCounters { get; set; }

    /// <summary>Dead man's switch state (CancelAllOrdersAfter).</summary>
    public ITimer? CancelAfterTimer { get; set; }
    public DateTimeOffset? CancelAfterTrigger { get; set; }

    // Order list primitives: callers hold Gate.
    public void AddOpen(Order order)
    {
        OpenOrders.Add(order.Txid, order);
        if (order.ClOrdId is not null) OpenByClientId[order.ClOrdId] = order;
        if (order.Pair.Index >= _openPerPair.Length) Array.Resize(ref _openPerPair, order.Pair.Index + 8);
        _openPerPair[order.Pair.Index]++;
    }

    public void RemoveOpen(Order order)
    {
        if (!OpenOrders.Remove(order.Txid)) return;
        if (order.ClOrdId is not null) OpenByClientId.Remove(order.ClOrdId);
        _openPerPair[order.Pair.Index]--;
    }

    public int OpenOrderCount(PairInfo pair) => pair.Index < _openPerPair.Length ? _openPerPair[pair.Index] : 0;

    public ulong NonceHighWater => Volatile.Read(ref _nonceHighWater);

    /// <summary>Accepts a nonce only if it is strictly greater than every nonce seen for this key.</summary>
    public bool TryAdvanceNonce(ulong nonce)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _nonceHighWater);
            if (nonce <= seen) return false;
            if (Interlocked.CompareExchange(ref _nonceHighWater, nonce, seen) == seen) return true;
        }
    }

    /// <summary>Restores the nonce high-water mark from storage.</summary>
    public void RestoreNonce(ulong nonce) => Volatile.Write(ref _nonceHighWater, nonce);

    // Balance primitives: callers hold Gate.
    public decimal Total(AssetInfo asset) => _total[asset.Index];
    public decimal Held(AssetInfo asset) => _held[asset.Index];
    public decimal Available(AssetInfo asset) => _total[asset.Index] - _held[asset.Index];
    public decimal Deposits(AssetInfo asset) => _deposits[asset.Index];

    public void Deposit(AssetInfo asset, decimal amount)
    {
        _total[asset.Index] += amount;
        _deposits[asset.Index] += amount;
    }

    public bool TryHold(AssetInfo asset, decimal amount)
    {
        if (_total[asset.Index] - _held[asset.Index] < amount) return false;
        _held[asset.Index] += amount;
        return true;
    }

    public void Release(AssetInfo asset, decimal amount) => _held[asset.Index] -= amount;

    public void Credit(AssetInfo asset, decimal amount) => _total[asset.Index] += amount;

    public void Debit(AssetInfo asset, decimal amount) => _total[asset.Index] -= amount;

    /// <summary>Re-creates the hold of an open order restored from storage.</summary>
    public void RestoreHold(AssetInfo asset, decimal amount) => _held[asset.Index] += amount;

    /// <summary>Restores balances from storage (no deposit bookkeeping beyond what was stored).</summary>
    public void Restore(AssetInfo asset, decimal total, decimal deposits)
    {
        _total[asset.Index] = total;
        _deposits[asset.Index] = deposits;
    }

    public override string ToString() => $"Account {Id} ({Name})";
}
