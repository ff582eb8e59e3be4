using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>An order lifecycle event (WS v2 <c>executions</c>), with cumulative figures at that moment.</summary>
internal readonly record struct OrderEvent(
    ExecType Type,
    Order Order,
    OrderStatus Status,
    decimal CumQty,
    decimal CumCost,
    decimal CumFee,
    decimal AvgPrice,
    Trade? Trade,
    string? Reason,
    DateTimeOffset Time);

/// <summary>A public trade (WS v2 <c>trade</c>); <see cref="TakerSide"/> is Kraken's trade side.</summary>
internal readonly record struct PublicTradeEvent(PairInfo Pair, long TradeNumber, Side TakerSide, OrderKind TakerKind, decimal Price, decimal Quantity, DateTimeOffset Time);

/// <summary>A price level's new aggregate quantity (0 = level removed), for WS v2 <c>book</c> updates.</summary>
internal readonly record struct BookLevelEvent(PairInfo Pair, Side Side, decimal Price, decimal Quantity, long Version, DateTimeOffset Time);

internal enum BalanceChangeKind : byte { Deposit, Trade }

/// <summary>A ledger movement (WS v2 <c>balances</c> update): <see cref="Amount"/> is signed, <see cref="Balance"/> the new total.</summary>
internal readonly record struct BalanceEvent(Account Account, AssetInfo Asset, BalanceChangeKind Kind, decimal Amount, decimal Fee, decimal Balance, decimal Held, string? RefId, DateTimeOffset Time);

/// <summary>
/// Receives everything the exchange does. Calls arrive on the thread that changed the state,
/// inside the pair's lock, in the order things happened for that pair: implementations must be
/// quick and must not call back into the exchange synchronously (queue the work instead).
/// </summary>
internal interface IExchangeEventSink
{
    void OnOrder(in OrderEvent e);
    void OnPublicTrade(in PublicTradeEvent e);
    void OnBookLevel(in BookLevelEvent e);
    void OnBalance(in BalanceEvent e);
}

/// <summary>Fan-out to any number of sinks; the array is swapped on (rare) subscribe so publishing never locks.</summary>
internal sealed class ExchangeEventHub
{
    private IExchangeEventSink[] _sinks = [];
    private readonly Lock _gate = new();

    public bool HasSubscribers => Volatile.Read(ref _sinks).Length > 0;

    public IDisposable Subscribe(IExchangeEventSink sink)
    {
        lock (_gate) _sinks = [.. _sinks, sink];
        return new Subscription(this, sink);
    }

    private void Unsubscribe(IExchangeEventSink sink)
    {
        lock (_gate) _sinks = Array.FindAll(_sinks, s => !ReferenceEquals(s, sink));
    }

    public void Publish(in OrderEvent e) { foreach (var s in Volatile.Read(ref _sinks)) s.OnOrder(e); }
    public void Publish(in PublicTradeEvent e) { foreach (var s in Volatile.Read(ref _sinks)) s.OnPublicTrade(e); }
    public void Publish(in BookLevelEvent e) { foreach (var s in Volatile.Read(ref _sinks)) s.OnBookLevel(e); }
    public void Publish(in BalanceEvent e) { foreach (var s in Volatile.Read(ref _sinks)) s.OnBalance(e); }

    private sealed class Subscription(ExchangeEventHub hub, IExchangeEventSink sink) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) hub.Unsubscribe(sink); }
    }
}
