using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// The exchange: the market catalog, accounts, one <see cref="PairEngine"/> per pair, the event
/// hub and an order index. The REST and WebSocket layers talk to this class only.
/// </summary>
internal sealed class ExchangeEngine : IDisposable
{
    private readonly PairEngine[] _engines;
    private readonly ConcurrentDictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly ITimer _expiryTimer;

    public ExchangeEngine(MarketCatalog markets, TimeProvider time, int seed, ExchangeOptions? options = null)
    {
        Markets = markets;
        Time = time;
        Options = options ?? new ExchangeOptions();
        Accounts = new AccountRegistry(markets.Assets.Count);
        _engines = new PairEngine[markets.Pairs.Count];
        foreach (var pair in markets.Pairs)
            _engines[pair.Index] = new PairEngine(this, pair, new Random(HashCode.Combine(seed, pair.Index, 0x5A17)));
        _expiryTimer = time.CreateTimer(static state => ((ExchangeEngine)state!).ExpireDue(), this, Options.ExpirySweepPeriod, Options.ExpirySweepPeriod);
    }

    public MarketCatalog Markets { get; }
    public TimeProvider Time { get; }
    public ExchangeOptions Options { get; }
    public ExchangeEventHub Events { get; } = new();
    public AccountRegistry Accounts { get; }
    public IReadOnlyList<PairEngine> Engines => _engines;

    /// <summary>Exchange-wide status (SystemStatus); it overrides every pair's own status.</summary>
    public TradingStatus SystemStatus { get; set; } = TradingStatus.Online;

    public IExchangeJournal? Journal { get; set; }

    public PairEngine Engine(PairInfo pair) => _engines[pair.Index];

    public bool TryGetOrder(string? txid, [NotNullWhen(true)] out Order? order)
    {
        order = null;
        return txid is not null && _orders.TryGetValue(txid, out order);
    }

    internal void Register(Order order) => _orders[order.Txid] = order;

    /// <summary>Called when an old closed order leaves the in-memory history.</summary>
    internal void ForgetOrder(Order order) => _orders.TryRemove(order.Txid, out _);

    /// <summary>Credits an account (a deposit); the amount must fit the asset's decimals.</summary>
    public void Deposit(Account account, AssetInfo asset, decimal amount)
    {
        if (amount <= 0m || !Money.FitsDecimals(amount, asset.Decimals))
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"A deposit of {asset.Id} must be positive with at most {asset.Decimals} decimals.");
        var now = Time.GetUtcNow();
        lock (account.Gate)
        {
            account.Deposit(asset, amount);
            if (Events.HasSubscribers)
                Events.Publish(new BalanceEvent(account, asset, BalanceChangeKind.Deposit, amount, 0m, account.Total(asset), account.Held(asset), null, now));
        }
        Journal?.AccountChanged(account);
    }

    /// <summary>Cancels every open order of the account on every pair; returns how many.</summary>
    public int CancelAll(Account account)
    {
        var count = 0;
        foreach (var engine in _engines) count += engine.CancelAll(account);
        return count;
    }

    /// <summary>Open orders of the account, oldest first.</summary>
    public List<Order> OpenOrdersOf(Account account)
    {
        List<Order> list;
        lock (account.Gate) list = [.. account.OpenOrders.Values];
        list.Sort(static (a, b) => a.OpenTime != b.OpenTime ? a.OpenTime.CompareTo(b.OpenTime) : a.Sequence.CompareTo(b.Sequence));
        return list;
    }

    public void ExpireDue()
    {
        var now = Time.GetUtcNow();
        foreach (var engine in _engines) engine.ExpireDue(now);
    }

    public void Dispose() => _expiryTimer.Dispose();
}
