namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>Reads the <c>result</c> of Kraken's balance and fee endpoints.</summary>
internal static class KrakenAccountParser
{
    public static IReadOnlyDictionary<string, decimal> ParseBalance(KrakenJsonNode result)
    {
        var balances = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (asset, amount) in result.Members())
            balances[asset] = amount.AsDecimal();
        return balances;
    }

    public static KrakenBalances ParseBalanceEx(KrakenJsonNode result)
    {
        var entries = new List<KrakenAssetBalance>();
        foreach (var (key, entry) in result.Members())
        {
            var (asset, kind) = SplitWalletSuffix(key);
            entries.Add(new KrakenAssetBalance(
                Key: key,
                Asset: asset,
                Kind: kind,
                Total: entry.Decimal("balance"),
                // Credit fields only apply to accounts with a credit line; absent means none.
                Credit: entry.OptionalDecimal("credit") ?? 0m,
                CreditUsed: entry.OptionalDecimal("credit_used") ?? 0m,
                // A missing hold would overstate what is available, so it is required.
                HeldForTrading: entry.Decimal("hold_trade")));
        }
        return new KrakenBalances(entries);
    }

    /// <summary><c>DOT.S</c> → (<c>DOT</c>, Staked); <c>XXBT</c> → (<c>XXBT</c>, Spot).</summary>
    internal static (string Asset, KrakenBalanceKind Kind) SplitWalletSuffix(string key)
    {
        int dot = key.LastIndexOf('.');
        if (dot <= 0) return (key, KrakenBalanceKind.Spot);
        KrakenBalanceKind kind = key.AsSpan(dot + 1) switch
        {
            "F" => KrakenBalanceKind.AutoEarn,
            "S" => KrakenBalanceKind.Staked,
            "M" => KrakenBalanceKind.OptInRewards,
            "B" => KrakenBalanceKind.Yield,
            "T" => KrakenBalanceKind.Tokenized,
            _ => KrakenBalanceKind.OtherSuffix,
        };
        return (key[..dot], kind);
    }

    public static KrakenTradeBalance ParseTradeBalance(KrakenJsonNode result) => new(
        EquivalentBalance: result.Decimal("eb"),
        TradeBalance: result.Decimal("tb"),
        MarginUsed: result.Decimal("m"),
        UnrealizedNetProfit: result.Decimal("n"),
        CostBasis: result.Decimal("c"),
        FloatingValuation: result.Decimal("v"),
        Equity: result.Decimal("e"),
        FreeMargin: result.Decimal("mf"),
        MarginLevel: result.OptionalDecimal("ml"),
        UnexecutedValue: result.OptionalDecimal("uv"));

    public static KrakenTradeVolume ParseTradeVolume(KrakenJsonNode result) => new(
        Currency: result.String("currency"),
        Volume: result.Decimal("volume"),
        TakerFees: ParsePairFees(result, "fees"),
        MakerFees: ParsePairFees(result, "fees_maker"));

    private static IReadOnlyList<KrakenPairFee> ParsePairFees(KrakenJsonNode result, string name)
    {
        if (!result.TryGet(name, out KrakenJsonNode fees)) return [];
        var list = new List<KrakenPairFee>();
        foreach (var (pairId, fee) in fees.Members())
        {
            list.Add(new KrakenPairFee(
                PairId: pairId,
                Fee: fee.Decimal("fee"),
                MinFee: fee.OptionalDecimal("minfee"),
                MaxFee: fee.OptionalDecimal("maxfee"),
                NextFee: fee.OptionalDecimal("nextfee"),
                NextVolume: fee.OptionalDecimal("nextvolume"),
                TierVolume: fee.OptionalDecimal("tiervolume")));
        }
        return list;
    }
}
