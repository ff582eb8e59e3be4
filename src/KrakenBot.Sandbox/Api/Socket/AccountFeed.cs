using System.Collections.Concurrent;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>An <c>executions</c> subscription of one connection.</summary>
internal sealed class ExecutionSubscription(WsConnection connection, Account account, bool allStatuses)
{
    public WsConnection Connection { get; } = connection;
    public Account Account { get; } = account;
    public bool AllStatuses { get; } = allStatuses;
    /// <summary>Per-channel message sequence; guarded by the connection's gate.</summary>
    public long Sequence;
    /// <summary>A message held back by the reorder fault, sent after the next one.</summary>
    public byte[]? Held;
}

/// <summary>A <c>balances</c> subscription of one connection.</summary>
internal sealed class BalanceSubscription(WsConnection connection, Account account)
{
    public WsConnection Connection { get; } = connection;
    public Account Account { get; } = account;
    public long Sequence;
}

/// <summary>
/// The private channels: <c>executions</c> and <c>balances</c>, per account. Events arrive on the
/// engine thread inside the pair's lock (and the account's lock for balances); each subscriber
/// gets its own message because each carries its own sequence number.
/// </summary>
internal sealed class AccountFeed
{
    private readonly ExchangeEngine _exchange;
    private readonly SandboxFaults _faults;
    private readonly ConcurrentDictionary<Account, ExecutionSubscription[]> _executions = new();
    private readonly ConcurrentDictionary<Account, BalanceSubscription[]> _balances = new();
    private readonly Lock _gate = new();
    private readonly KrakenIdGenerator _ledgerIds;
    private readonly Lock _idGate = new();
    private readonly object?[] _usdPrice;

    public AccountFeed(ExchangeEngine exchange, SandboxFaults faults, int seed)
    {
        _exchange = exchange;
        _faults = faults;
        _ledgerIds = new KrakenIdGenerator(new Random(HashCode.Combine(seed, 0x1ED6E)));
        _usdPrice = new object?[exchange.Markets.Assets.Count];
    }

    // ---- subscribe: under every pair's lock, so no order or balance event can race the snapshot ----

    public void SubscribeExecutions(ExecutionSubscription sub, bool snapOrders, bool snapTrades, byte[] ack)
    {
        LockAllPairs(() =>
        {
            Add(_executions, sub.Account, sub);
            // Read the account before taking the connection's gate: account lock, then connection lock, as events do.
            var orders = snapOrders ? _exchange.OpenOrdersOf(sub.Account) : [];
            var trades = new List<Trade>();
            if (snapTrades)
            {
                lock (sub.Account.Gate)
                    for (var i = Math.Max(0, sub.Account.Trades.Count - 50); i < sub.Account.Trades.Count; i++) trades.Add(sub.Account.Trades[i]);
            }
            lock (sub.Connection.Gate)
            {
                sub.Connection.Send(ack);
                if (!snapOrders && !snapTrades) return;
                var sequence = ++sub.Sequence;
                sub.Connection.Send(WsJson.Build((this, orders, trades, sequence), static (w, s) =>
                {
                    Begin(w, "executions", "snapshot");
                    foreach (var order in s.orders) ExecutionReport.WriteOpen(w, order, s.Item1.Usd(order.Pair, order.Fee, order.FeeInBase));
                    foreach (var trade in s.trades) ExecutionReport.WriteTrade(w, trade, s.Item1.UsdOf(trade.FeeAsset, trade.Fee));
                    End(w, s.sequence);
                }));
            }
        });
    }

    public void SubscribeBalances(BalanceSubscription sub, bool snapshot, byte[] ack)
    {
        LockAllPairs(() =>
        {
            lock (sub.Account.Gate)
            {
                Add(_balances, sub.Account, sub);
                lock (sub.Connection.Gate)
                {
                    sub.Connection.Send(ack);
                    if (!snapshot) return;
                    var sequence = ++sub.Sequence;
                    sub.Connection.Send(WsJson.Build((_exchange.Markets, sub.Account, sequence), static (w, s) =>
                    {
                        Begin(w, "balances", "snapshot");
                        foreach (var asset in s.Markets.Assets)
                        {
                            var total = s.Account.Total(asset);
                            if (total == 0m && s.Account.Deposits(asset) == 0m) continue;
                            w.WriteStartObject();
                            w.WriteString("asset", asset.WsName);
                            w.WriteString("asset_class", "currency");
                            w.Number("balance", total, asset.Decimals);
                            w.WriteStartArray("wallets");
                            w.WriteStartObject();
                            w.WriteString("type", "spot");
                            w.WriteString("id", "main");
                            w.Number("balance", total, asset.Decimals);
                            w.WriteEndObject();
                            w.WriteEndArray();
                            w.WriteEndObject();
                        }
                        End(w, s.sequence);
                    }));
                }
            }
        });
    }

    public void Unsubscribe(ExecutionSubscription sub) => Remove(_executions, sub.Account, sub);
    public void Unsubscribe(BalanceSubscription sub) => Remove(_balances, sub.Account, sub);

    // ---- events ----

    public void OnOrder(in OrderEvent e)
    {
        if (!_executions.TryGetValue(e.Order.Account, out var subs) || subs.Length == 0) return;
        var order = e.Order;
        var state = new ExecutionReport.OrderState(order.Volume, order.LimitPrice, order.PostOnly, order.Amended);
        var feeUsd = e.Trade is { } t ? UsdOf(t.FeeAsset, t.Fee) : Usd(order.Pair, e.CumFee, order.FeeInBase);
        foreach (var sub in subs)
        {
            if (!sub.AllStatuses && e.Type is ExecType.PendingNew or ExecType.Amended) continue;
            lock (sub.Connection.Gate)
            {
                var sequence = ++sub.Sequence;
                var message = WsJson.Build((e, state, feeUsd, sequence), static (w, s) =>
                {
                    Begin(w, "executions", "update");
                    ExecutionReport.Write(w, s.e, s.state, s.feeUsd);
                    End(w, s.sequence);
                });
                SendExecution(sub, message);
            }
        }
    }

    /// <summary>Sends one execution message, applying the duplicate and reorder faults.</summary>
    private void SendExecution(ExecutionSubscription sub, byte[] message)
    {
        if (sub.Held is { } held)
        {
            sub.Held = null;
            sub.Connection.Send(message);
            sub.Connection.Send(held);
            return;
        }
        if (_faults.TryConsumeReorderExecution())
        {
            sub.Held = message;
            return;
        }
        sub.Connection.Send(message);
        if (_faults.TryConsumeDuplicateExecution()) sub.Connection.Send(message);
    }

    public void OnBalance(in BalanceEvent e)
    {
        if (!_balances.TryGetValue(e.Account, out var subs) || subs.Length == 0) return;
        string ledgerId;
        lock (_idGate) ledgerId = _ledgerIds.Next('L');
        foreach (var sub in subs)
        {
            lock (sub.Connection.Gate)
            {
                var sequence = ++sub.Sequence;
                sub.Connection.Send(WsJson.Build((e, ledgerId, sequence), static (w, s) =>
                {
                    var e = s.e;
                    var kind = e.Kind == BalanceChangeKind.Deposit ? "deposit" : "trade";
                    Begin(w, "balances", "update");
                    w.WriteStartObject();
                    w.WriteString("ledger_id", s.ledgerId);
                    w.WriteString("ref_id", e.RefId ?? s.ledgerId);
                    w.Time("timestamp", e.Time);
                    w.WriteString("type", kind);
                    w.WriteString("asset", e.Asset.WsName);
                    w.WriteString("asset_class", "currency");
                    w.WriteString("category", kind);
                    w.WriteString("wallet_type", "spot");
                    w.WriteString("wallet_id", "main");
                    w.Number("amount", e.Amount, e.Asset.Decimals);
                    w.Number("fee", e.Fee, e.Asset.Decimals);
                    w.Number("balance", e.Balance, e.Asset.Decimals);
                    w.WriteEndObject();
                    End(w, s.sequence);
                }));
            }
        }
    }

    /// <summary>Remembers the last price of every X/USD pair, to state fees in USD (<c>fee_usd_equiv</c>).</summary>
    public void OnTrade(in PublicTradeEvent e)
    {
        if (e.Pair.Quote.WsName == "USD") Volatile.Write(ref _usdPrice[e.Pair.Base.Index], e.Price);
    }

    private decimal? Usd(PairInfo pair, decimal fee, bool feeInBase) => UsdOf(feeInBase ? pair.Base : pair.Quote, fee);

    private decimal? UsdOf(AssetInfo asset, decimal amount)
    {
        if (amount == 0m) return 0m;
        if (asset.WsName == "USD") return amount;
        return Volatile.Read(ref _usdPrice[asset.Index]) is decimal price ? Money.Round(amount * price, 4) : null;
    }

    private void LockAllPairs(Action action) => LockFrom(0, action);

    private void LockFrom(int index, Action action)
    {
        if (index == _exchange.Engines.Count) { action(); return; }
        _exchange.Engines[index].Read(_ => { LockFrom(index + 1, action); return 0; });
    }

    private static void Begin(Utf8JsonWriter w, string channel, string type)
    {
        w.WriteStartObject();
        w.WriteString("channel", channel);
        w.WriteString("type", type);
        w.WriteStartArray("data");
    }

    private static void End(Utf8JsonWriter w, long sequence)
    {
        w.WriteEndArray();
        w.WriteNumber("sequence", sequence);
        w.WriteEndObject();
    }

    private void Add<T>(ConcurrentDictionary<Account, T[]> map, Account account, T sub)
    {
        lock (_gate) map[account] = map.TryGetValue(account, out var list) ? [.. list, sub] : [sub];
    }

    private void Remove<T>(ConcurrentDictionary<Account, T[]> map, Account account, T sub) where T : class
    {
        lock (_gate)
        {
            if (map.TryGetValue(account, out var list)) map[account] = Array.FindAll(list, x => !ReferenceEquals(x, sub));
        }
    }
}
