using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// An order. Mutable state is written only by the owning <see cref="PairEngine"/> under its lock;
/// readers outside the engine read it under the engine lock (see <see cref="PairEngine.Read{T}"/>).
/// </summary>
internal sealed class Order
{
    public required string Txid { get; init; }
    public required Account Account { get; init; }
    public required PairInfo Pair { get; init; }
    public required Side Side { get; init; }
    public required OrderKind Kind { get; init; }
    public decimal LimitPrice { get; set; }
    /// <summary>Triggered kinds: the trigger price (<c>price</c>) as Kraken took it.</summary>
    public TriggerPrice? Trigger { get; init; }
    /// <summary>Triggered limit kinds: the limit price once triggered (<c>price2</c>).</summary>
    public TriggerPrice? TriggeredLimit { get; init; }
    /// <summary>Triggered kinds: what the trigger watches, <c>last</c> or <c>index</c>.</summary>
    public string? TriggerReference { get; init; }
    /// <summary>Order volume in base; for a <c>viqc</c> market buy, the quote amount to spend.</summary>
    public decimal Volume { get; set; }
    public bool VolumeInQuote { get; init; }
    public decimal Filled { get; set; }
    public decimal Cost { get; set; }
    public decimal Fee { get; set; }
    public TimeInForce TimeInForce { get; init; }
    public bool PostOnly { get; set; }
    public bool FeeInBase { get; init; }
    public bool NoMarketPriceProtection { get; init; }
    public SelfTradePrevention Stp { get; init; }
    public int? UserRef { get; init; }
    public string? ClOrdId { get; init; }
    public DateTimeOffset OpenTime { get; init; }
    public DateTimeOffset? ExpireTime { get; init; }
    public DateTimeOffset? CloseTime { get; set; }
    /// <summary>Creation or last amend: the trading counter charges cancels by this age.</summary>
    public DateTimeOffset PriorityTime { get; set; }
    public OrderStatus Status { get; set; }
    public string? Reason { get; set; }
    public bool Amended { get; set; }
    /// <summary>Amount still reserved for this order (quote for buys, base for sells).</summary>
    public decimal Hold { get; set; }
    /// <summary>Time priority: lower arrives first.</summary>
    public long Sequence { get; set; }
    public List<string>? TradeIds { get; set; }

    // Intrusive FIFO links inside a price level: O(1) cancel without searching the queue.
    internal PriceLevel? Level;
    internal Order? Prev;
    internal Order? Next;

    /// <summary>Set while the order waits in the persistence queue, so it is queued once.</summary>
    internal int JournalPending;

    public decimal Remaining => Volume - Filled;
    public bool IsOpen => Status is OrderStatus.Open or OrderStatus.Pending;
    public decimal AveragePrice => Filled == 0m ? 0m : Cost / Filled;
    public AssetInfo HoldAsset => Side == Side.Buy ? Pair.Quote : Pair.Base;

    public override string ToString() => $"{Txid} {Side.ToWire()} {Volume} {Pair.AltName} @ {Kind.ToWire()} {LimitPrice}";
}
