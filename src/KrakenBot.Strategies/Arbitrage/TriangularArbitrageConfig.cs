using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>Settings of <see cref="TriangularArbitrage"/>.</summary>
public sealed record TriangularArbitrageConfig
{
    /// <summary>The three pairs of the triangle, e.g. BTC-USD, ETH-BTC, ETH-USD. The first one carries the host's P&amp;L.</summary>
    public required IReadOnlyList<TradingPair> Pairs { get; init; }

    /// <summary>The asset cycles start from and come back to; null: the asset that is the quote of two pairs (USD above).</summary>
    public string? StartAsset { get; init; }

    /// <summary>How much of the start asset one cycle spends, fee included.</summary>
    public required decimal OrderAmount { get; init; }

    /// <summary>The smallest edge, after fees, worth firing for, as a fraction of what is spent (0.003 = 0.3 % = 30 bps).</summary>
    public decimal MinProfitability { get; init; } = 0.003m;

    /// <summary>Taker fee in percent used for every pair instead of the account's tier (null: asked from the exchange at start).</summary>
    public decimal? TakerFeePercent { get; init; }

    /// <summary>Pause after a cycle ends before looking again, so the books show what the cycle took.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a leg's IOC order may stay without a final state before it is cancelled.</summary>
    public TimeSpan LegTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the balance of what a leg brought to show as available before the next leg is sized on what is.</summary>
    public TimeSpan BalanceWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many unwind orders per asset are tried before what is left is reported as stuck.</summary>
    public int MaxUnwindAttempts { get; init; } = 5;

    /// <summary>The start asset, chosen when not given.</summary>
    /// <exception cref="ArgumentException">None given and no asset is the quote of two pairs.</exception>
    public string ResolvedStartAsset => StartAsset ?? TriangleCycle.DefaultStartAsset(Pairs)
        ?? throw new ArgumentException($"No asset is the quote of two of {string.Join(", ", Pairs)}: give the start asset.", nameof(StartAsset));

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the pairs are not a triangle.</exception>
    public void Validate()
    {
        _ = TriangleCycle.Both(Pairs, ResolvedStartAsset);
        if (OrderAmount <= 0) throw new ArgumentException(FormattableString.Invariant($"The order amount must be above 0; got {OrderAmount}."), nameof(OrderAmount));
        if (MinProfitability < 0) throw new ArgumentException(FormattableString.Invariant($"The minimum profitability cannot be negative; got {MinProfitability}."), nameof(MinProfitability));
        if (TakerFeePercent is < 0 or >= 100) throw new ArgumentException(FormattableString.Invariant($"The taker fee must be from 0 to below 100 %; got {TakerFeePercent}."), nameof(TakerFeePercent));
        if (Cooldown < TimeSpan.Zero || LegTimeout <= TimeSpan.Zero || BalanceWait < TimeSpan.Zero)
            throw new ArgumentException("The cooldown and balance wait cannot be negative and the leg timeout must be above 0.");
        if (MaxUnwindAttempts < 1) throw new ArgumentException($"At least one unwind attempt is needed; got {MaxUnwindAttempts}.", nameof(MaxUnwindAttempts));
    }
}
