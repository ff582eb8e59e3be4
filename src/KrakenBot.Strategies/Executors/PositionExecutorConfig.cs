using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>Settings of <see cref="PositionExecutor"/> (Hummingbot's PositionExecutorConfig, spot).</summary>
public sealed record PositionExecutorConfig
{
    /// <summary>The pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Buy opens a long position, sell a short one (selling base the account holds, bought back on close).</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Base amount of the position.</summary>
    public required decimal Amount { get; init; }

    /// <summary>Limit price of the entry; null: the best bid for a buy, the best ask for a sell, when it starts.</summary>
    public decimal? EntryPrice { get; init; }

    /// <summary>
    /// A limit entry rests only while its price is within this fraction of the mid (0.01 = 1 %): it waits to be placed,
    /// and is cancelled (to be placed again later) when the mid drifts away; null: always.
    /// </summary>
    public decimal? ActivationBounds { get; init; }

    /// <summary>The barriers and order types.</summary>
    public TripleBarrier Barrier { get; init; } = new();

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pair);
        if (Amount <= 0) throw new ArgumentException(FormattableString.Invariant($"amount must be above 0 {Pair.Base}; got {Amount}."), nameof(Amount));
        if (EntryPrice is <= 0) throw new ArgumentException(FormattableString.Invariant($"entry_price must be above 0; got {EntryPrice}."), nameof(EntryPrice));
        if (ActivationBounds is <= 0) throw new ArgumentException(FormattableString.Invariant($"activation_bounds must be above 0 (a fraction); got {ActivationBounds}."), nameof(ActivationBounds));
        Barrier.Validate();
    }
}
