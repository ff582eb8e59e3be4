using System.Runtime.CompilerServices;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.MarketMaking;

/// <summary>
/// What a refresh cycle that changed nothing read: the reference price, the top of the book, the balances, the rule,
/// the fee, the config, the strategy's state and each open order as it stood, and the first moment time alone could
/// change its outcome (a refresh or creation time, an order reaching its maximum age). While all of them are the same,
/// a cycle would again change nothing, so a book change that moved none of them needs no cycle: once a refresh is due,
/// one runs on every book change until the quotes move, and most changes deep in the book move nothing it reads.
/// A cycle whose refresh the trading counter put off may also hold a range of reference prices: while the counter
/// holds amends back the top moves every few records, and each move would otherwise run a whole cycle only to put the
/// refresh off again.
/// </summary>
internal sealed class UnchangedCycleInputs
{
    private readonly List<(OwnedOrder Owned, TrackedOrder Order, OrderAction? Pending, DateTimeOffset QuotedAt)> _orders = [];
    private bool _held;
    private decimal _reference;
    private decimal? _bestBid;
    private decimal? _bestAsk;
    private long? _topVersion;
    private object? _balances;
    private object? _open;
    private object? _state;
    private object? _rule;
    private object? _config;
    private decimal _makerFee;
    private DateTimeOffset _validUntil;
    private decimal _rangeLow;
    private decimal _rangeHigh;
    private DateTimeOffset _rangeUntil;

    /// <summary>Forgets what was held: the next cycle runs.</summary>
    public void Clear()
    {
        _held = false;
        _orders.Clear();
    }

    /// <summary>Holds the inputs of a cycle that changed nothing, valid until <paramref name="validUntil"/>.</summary>
    /// <param name="range">Other reference prices (whatever the top) at which a cycle would change nothing either, until
    /// <c>Until</c> (see <c>PureMarketMaking.PutOffRange</c>); null for none.</param>
    /// <param name="topVersion">The book's <see cref="Connector.Trading.IOrderBookView.TopVersion"/> of the moment
    /// <paramref name="bestBid"/> and <paramref name="bestAsk"/> were read; null when unknown.</param>
    public void Hold(decimal reference, decimal? bestBid, decimal? bestAsk, object balances, IReadOnlyList<OwnedOrder> open, object state,
        object rule, object config, decimal makerFee, DateTimeOffset validUntil, (decimal Low, decimal High, DateTimeOffset Until)? range = null,
        long? topVersion = null)
    {
        _topVersion = topVersion;
        (_rangeLow, _rangeHigh, _rangeUntil) = range ?? (0m, 0m, DateTimeOffset.MinValue);
        if (_rangeUntil > validUntil)
        {
            _rangeUntil = validUntil;
        }

        _reference = reference;
        _bestBid = bestBid;
        _bestAsk = bestAsk;
        _balances = balances;
        _open = open;
        _state = state;
        _rule = rule;
        _config = config;
        _makerFee = makerFee;
        _validUntil = validUntil;
        _orders.Clear();
        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            _orders.Add((order, order.Order, order.Pending, order.QuotedAt));
        }

        _held = true;
    }

    /// <summary>The held reference price.</summary>
    public decimal Reference => _reference;

    /// <summary>The held best bid price.</summary>
    public decimal? BestBid => _bestBid;

    /// <summary>The held best ask price.</summary>
    public decimal? BestAsk => _bestAsk;

    /// <summary>
    /// True when inputs are held with the book's top version and <paramref name="topVersion"/> is that version: the top
    /// is as it was, without reading its prices (most book changes are deeper in the book).
    /// </summary>
    public bool SameTopVersion(long? topVersion) => _held && topVersion is { } version && version == _topVersion;

    /// <summary>True when inputs are held and the top of the book is as it was (the first and cheapest check).</summary>
    public bool SameTop(decimal? bestBid, decimal? bestAsk) => _held && Same(bestBid, _bestBid) && Same(bestAsk, _bestAsk);

    // Equal prices: the same bits first (a book reports a price at one scale, so an unchanged top compares in a few
    // instructions), numeric equality otherwise (1.0 and 1.00 are one price).
    private static bool Same(decimal? a, decimal? b) =>
        a.HasValue == b.HasValue && (!a.HasValue || Same(a.GetValueOrDefault(), b.GetValueOrDefault()));

    // (A bit cast, not a reinterpreted reference: that spilled both values to the stack to reload them.)
    private static bool Same(decimal a, decimal b) => Unsafe.BitCast<decimal, Int128>(a) == Unsafe.BitCast<decimal, Int128>(b) || a == b;

    /// <summary>True when every input equals the held one and <paramref name="now"/> is before the held deadline.</summary>
    public bool Same(DateTimeOffset now, decimal reference, decimal? bestBid, decimal? bestAsk, object balances, IReadOnlyList<OwnedOrder> open,
        object state, object rule, object config, decimal makerFee) =>
        Same(bestBid, _bestBid) && Same(bestAsk, _bestAsk) && SameAtHeldTop(now, reference, balances, open, state, rule, config, makerFee);

    /// <summary>
    /// <see cref="Same(DateTimeOffset, decimal, decimal?, decimal?, object, IReadOnlyList{OwnedOrder}, object, object, object, decimal)"/>
    /// for a top already found the held one (<see cref="SameTopVersion"/> or <see cref="SameTop"/>).
    /// </summary>
    public bool SameAtHeldTop(DateTimeOffset now, decimal reference, object balances, IReadOnlyList<OwnedOrder> open, object state, object rule,
        object config, decimal makerFee) =>
        _held && now < _validUntil && Same(reference, _reference) && SameOtherInputs(balances, open, state, rule, config, makerFee);

    /// <summary>True when the held inputs also cover other prices at <paramref name="now"/> (see <see cref="Hold"/>).</summary>
    public bool CoversOtherPrices(DateTimeOffset now) => _held && now < _rangeUntil;

    /// <summary>
    /// True when <paramref name="reference"/> lies in the held range of prices at <paramref name="now"/> and every input
    /// other than the price and the top equals the held one.
    /// </summary>
    public bool SameInRange(DateTimeOffset now, decimal reference, object balances, IReadOnlyList<OwnedOrder> open, object state, object rule,
        object config, decimal makerFee) =>
        CoversOtherPrices(now) && reference >= _rangeLow && reference <= _rangeHigh && SameOtherInputs(balances, open, state, rule, config, makerFee);

    private bool SameOtherInputs(object balances, IReadOnlyList<OwnedOrder> open, object state, object rule, object config, decimal makerFee)
    {
        if (!ReferenceEquals(balances, _balances) || !ReferenceEquals(open, _open) || !ReferenceEquals(state, _state)
            || !ReferenceEquals(rule, _rule) || !ReferenceEquals(config, _config) || !Same(makerFee, _makerFee) || open.Count != _orders.Count)
        {
            return false;
        }

        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            var held = _orders[i];
            if (!ReferenceEquals(order, held.Owned) || !ReferenceEquals(order.Order, held.Order) || order.Pending != held.Pending
                || order.QuotedAt != held.QuotedAt)
            {
                return false;
            }
        }

        return true;
    }
}
