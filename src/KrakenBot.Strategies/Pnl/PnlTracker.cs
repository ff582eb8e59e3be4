using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Pnl;

/// <summary>
/// Profit and loss of one strategy on one pair, in the quote asset, by average cost. The run's start balances are the
/// exchange's totals of the two assets when the run began; after that only the strategy's own fills move its figures,
/// so deposits, withdrawals or manual trades on the account do not distort it. Persisted by the host, so it carries on
/// across restarts instead of starting again at zero.
/// </summary>
/// <remarks>
/// A buy adds its amount (less a fee paid in base) to the position at its cost plus a fee paid in quote; a sell takes
/// its amount (plus a fee paid in base) off at the average cost and realizes the difference with what it brought in,
/// less a fee paid in quote. A sell below zero position opens a short at the fill price (and a buy closes it first).
/// </remarks>
public sealed class PnlTracker
{
    private readonly Lock _gate = new();
    private PnlState _state = new(); // every figure; its Mark and PeakEquity may lag _mark and _peak (see Current)
    private decimal? _mark;
    private decimal? _peak;

    /// <summary>Creates a tracker for <paramref name="pair"/>; nothing counts until a run begins or is restored.</summary>
    public PnlTracker(TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        Pair = pair;
    }

    /// <summary>The pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>True once a run began or was restored.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>The figures as persisted.</summary>
    public PnlState State
    {
        get
        {
            lock (_gate)
            {
                return Current();
            }
        }
    }

    /// <summary>
    /// Base and quote held now, read without folding the latest mark into a new <see cref="State"/>: the backtester
    /// samples them hundreds of times a run while the mark moves on almost every record.
    /// </summary>
    internal (decimal Base, decimal Quote) Holdings
    {
        get
        {
            lock (_gate)
            {
                return (_state.Base, _state.Quote);
            }
        }
    }

    /// <summary>Raised when a persisted figure changed.</summary>
    public event Action? Changed;

    /// <summary>The figures now.</summary>
    public PnlSnapshot Snapshot() => new() { State = State };

    /// <summary>Begins a run from the exchange's totals at this moment (and the mid, when known).</summary>
    public void Begin(decimal startBase, decimal startQuote, decimal? startMark, DateTimeOffset at)
    {
        lock (_gate)
        {
            _state = new PnlState
            {
                StartBase = startBase, StartQuote = startQuote, StartMark = startMark, StartedAt = at, Base = startBase,
                Quote = startQuote, CostBasis = startBase * (startMark ?? 0m), Mark = startMark,
                PeakEquity = startMark is { } m ? startQuote + startBase * m : null,
            };
            _mark = startMark;
            _peak = _state.PeakEquity;
        }

        IsStarted = true;
        Changed?.Invoke();
    }

    /// <summary>Carries on from persisted figures.</summary>
    public void Restore(PnlState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            _state = state;
            _mark = state.Mark;
            _peak = state.PeakEquity;
        }

        IsStarted = true;
    }

    /// <summary>Moves the mark (mid price); records the start mark if the run began without one, and the peak equity.</summary>
    /// <returns>True when a persisted figure other than the mark itself changed (start mark or peak).</returns>
    public bool Mark(decimal mid) => Mark(mid, out _);

    /// <summary>As <see cref="Mark(decimal)"/>; <paramref name="startMarked"/> tells whether this mid became the start mark.</summary>
    internal bool Mark(decimal mid, out bool startMarked)
    {
        startMarked = false;
        if (!IsStarted || mid <= 0)
        {
            return false;
        }

        bool important = false;
        lock (_gate)
        {
            // A mid that only moves the mark, or the peak, is kept apart and folded into the state when it is read: a
            // backtest marks on most of its millions of records and reads the state a few hundred times.
            _mark = mid;
            if (_state.StartMark is null)
            {
                // The starting inventory is valued, and costed, at the first mid seen.
                var s = Current();
                _state = s with { StartMark = mid, CostBasis = s.Trades == 0 ? s.Base * mid : s.CostBasis };
                important = startMarked = true;
            }

            decimal equity = _state.Quote + _state.Base * mid;
            if (_peak is not { } peak || equity > peak)
            {
                _peak = equity;
                important = true;
            }
        }

        if (important)
        {
            Changed?.Invoke();
        }

        return important;
    }

    /// <summary>Counts one of the strategy's fills (the caller makes sure each trade id is counted once).</summary>
    public void Apply(Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (fill.Pair != Pair)
        {
            throw new ArgumentException($"Fill {fill.TradeId} is on {fill.Pair}, this P&L is for {Pair}.", nameof(fill));
        }

        lock (_gate)
        {
            ApplyLocked(fill);
        }

        Changed?.Invoke();
    }

    private void ApplyLocked(Fill fill)
    {
        var s = Current();
        decimal baseFee = fill.FeeAsset == Pair.Base ? fill.FeeAmount : 0m;
        decimal quoteFee = fill.FeeAsset == Pair.Quote ? fill.FeeAmount : 0m;
        decimal cost = fill.Cost;
        decimal feeValue = quoteFee + baseFee * fill.Price;

        decimal baseDelta, quoteDelta;
        if (fill.Side == OrderSide.Buy)
        {
            baseDelta = fill.Amount - baseFee;
            quoteDelta = -cost - quoteFee;
        }
        else
        {
            baseDelta = -fill.Amount - baseFee;
            quoteDelta = cost - quoteFee;
        }

        // Average cost on the position: what grows the position adds at its cash cost; what shrinks it realizes.
        (decimal position, decimal basis, decimal realized) = Move(s.Base, s.CostBasis, s.Realized, baseDelta, -quoteDelta);

        var fees = new Dictionary<string, decimal>(s.Fees, StringComparer.Ordinal);
        if (fill.FeeAmount != 0)
        {
            fees[fill.FeeAsset] = fees.GetValueOrDefault(fill.FeeAsset) + fill.FeeAmount;
        }

        bool buy = fill.Side == OrderSide.Buy;
        _state = s with
        {
            Base = position,
            Quote = s.Quote + quoteDelta,
            CostBasis = basis,
            Realized = realized,
            Fees = fees,
            FeesInQuote = s.FeesInQuote + feeValue,
            Trades = s.Trades + 1,
            Buys = s.Buys + (buy ? 1 : 0),
            Sells = s.Sells + (buy ? 0 : 1),
            BaseVolume = s.BaseVolume + fill.Amount,
            QuoteVolume = s.QuoteVolume + cost,
            BoughtBase = s.BoughtBase + (buy ? fill.Amount : 0m),
            BoughtQuote = s.BoughtQuote + (buy ? cost : 0m),
            SoldBase = s.SoldBase + (buy ? 0m : fill.Amount),
            SoldQuote = s.SoldQuote + (buy ? 0m : cost),
        };
    }

    // The state with the latest mark and peak folded in (callers hold the gate); allocates only when one moved since.
    private PnlState Current() => _state.Mark == _mark && _state.PeakEquity == _peak
        ? _state
        : _state = _state with { Mark = _mark, PeakEquity = _peak };

    // Moves a position by delta base units that cost cashOut quote in total (negative: brought cashOut in).
    private static (decimal Position, decimal Basis, decimal Realized) Move(decimal position, decimal basis, decimal realized,
        decimal delta, decimal cashOut)
    {
        if (delta == 0)
        {
            // Nothing moved in base (e.g. a fee equal to the amount): the cash is a pure gain or loss.
            return (position, basis, realized - cashOut);
        }

        if (position == 0 || Math.Sign(position) == Math.Sign(delta))
        {
            return (position + delta, basis + cashOut, realized);
        }

        // Part (or all) of the move closes the position: its share of the basis is realized against its share of the cash.
        decimal closing = Math.Abs(delta) <= Math.Abs(position) ? delta : -position;
        decimal closingCash = closing == delta ? cashOut : cashOut * closing / delta;
        decimal removed = closing == -position ? basis : basis * -closing / position;
        realized += -closingCash - removed;
        decimal rest = delta - closing;
        if (rest == 0)
        {
            return (position + closing, basis - removed, realized);
        }

        // The move went through zero: the rest opens the other way at its own cash.
        return (rest, cashOut - closingCash, realized);
    }
}
