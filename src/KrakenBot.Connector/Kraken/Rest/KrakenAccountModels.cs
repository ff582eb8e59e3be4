namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>
/// Which wallet a balance entry belongs to. Kraken reports earn and staking wallets as separate keys with a
/// suffix (<c>DOT.S</c>, <c>USDT.F</c>…); only <see cref="Spot"/> balances can be traded.
/// </summary>
internal enum KrakenBalanceKind
{
    /// <summary>No suffix: the spot wallet, usable for trading.</summary>
    Spot,
    /// <summary><c>.F</c>: auto-earn (Kraken Rewards, "flexible").</summary>
    AutoEarn,
    /// <summary><c>.S</c>: staked.</summary>
    Staked,
    /// <summary><c>.M</c>: opt-in rewards.</summary>
    OptInRewards,
    /// <summary><c>.B</c>: yield-bearing products.</summary>
    Yield,
    /// <summary><c>.T</c>: tokenized assets.</summary>
    Tokenized,
    /// <summary>Any other suffix: kept apart from spot, never counted as tradable.</summary>
    OtherSuffix,
}

/// <summary>One entry of <c>BalanceEx</c>.</summary>
/// <param name="Key">The key as Kraken sent it, e.g. <c>XXBT</c> or <c>DOT.S</c>.</param>
/// <param name="Asset">The asset id without the wallet suffix, e.g. <c>DOT</c>.</param>
/// <param name="Total">Kraken's <c>balance</c>.</param>
/// <param name="HeldForTrading">Kraken's <c>hold_trade</c>: reserved by open orders.</param>
internal sealed record KrakenAssetBalance(
    string Key,
    string Asset,
    KrakenBalanceKind Kind,
    decimal Total,
    decimal Credit,
    decimal CreditUsed,
    decimal HeldForTrading)
{
    /// <summary><c>balance + credit - credit_used - hold_trade</c> (API.md §1.3).</summary>
    public decimal Available => Total + Credit - CreditUsed - HeldForTrading;
}

/// <summary>All balances from <c>BalanceEx</c>, spot and earn wallets kept apart.</summary>
internal sealed class KrakenBalances
{
    private readonly Dictionary<string, KrakenAssetBalance> _byKey;

    internal KrakenBalances(IReadOnlyList<KrakenAssetBalance> entries)
    {
        Entries = entries;
        _byKey = new Dictionary<string, KrakenAssetBalance>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries) _byKey[entry.Key] = entry;
    }

    /// <summary>Every entry as sent, in Kraken's order. Empty for an empty account.</summary>
    public IReadOnlyList<KrakenAssetBalance> Entries { get; }

    /// <summary>
    /// The spot (tradable) balance of <paramref name="assetId"/> (a Kraken asset id such as <c>XXBT</c> or <c>SOL</c>,
    /// without suffix). An asset the account does not hold gives an all-zero entry. Earn and staked wallets are not included.
    /// </summary>
    public KrakenAssetBalance GetSpotBalance(string assetId)
    {
        if (assetId.Contains('.'))
            throw new ArgumentException($"'{assetId}' names a suffixed (earn/staking) wallet; pass the plain asset id, e.g. 'DOT'.", nameof(assetId));
        return _byKey.TryGetValue(assetId, out var entry) ? entry : new KrakenAssetBalance(assetId, assetId, KrakenBalanceKind.Spot, 0m, 0m, 0m, 0m);
    }
}

/// <summary>
/// <c>TradeBalance</c>: margin account summary in the requested asset. Field names follow Kraken's meaning:
/// eb, tb, m, n, c, v, e, mf, ml, uv.
/// </summary>
internal sealed record KrakenTradeBalance(
    decimal EquivalentBalance,
    decimal TradeBalance,
    decimal MarginUsed,
    decimal UnrealizedNetProfit,
    decimal CostBasis,
    decimal FloatingValuation,
    decimal Equity,
    decimal FreeMargin,
    decimal? MarginLevel,
    decimal? UnexecutedValue);

/// <summary>The fee that applies to one pair, from <c>TradeVolume</c>.</summary>
internal sealed record KrakenPairFee(
    string PairId,
    decimal Fee,
    decimal? MinFee,
    decimal? MaxFee,
    decimal? NextFee,
    decimal? NextVolume,
    decimal? TierVolume);

/// <summary><c>TradeVolume</c>: 30-day volume and the fees that apply to the requested pairs.</summary>
internal sealed record KrakenTradeVolume(
    string Currency,
    decimal Volume,
    IReadOnlyList<KrakenPairFee> TakerFees,
    IReadOnlyList<KrakenPairFee> MakerFees);
