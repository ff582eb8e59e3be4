using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>One hop of a cycle: a taker order on <paramref name="Pair"/> that turns <see cref="From"/> into <see cref="To"/>.</summary>
/// <param name="Pair">The market.</param>
/// <param name="Side">Buy (spend the quote, get the base) or sell (spend the base, get the quote).</param>
internal sealed record CycleLeg(TradingPair Pair, OrderSide Side)
{
    /// <summary>The asset this leg spends.</summary>
    public string From => Side == OrderSide.Buy ? Pair.Quote : Pair.Base;

    /// <summary>The asset this leg receives.</summary>
    public string To => Side == OrderSide.Buy ? Pair.Base : Pair.Quote;

    /// <inheritdoc />
    public override string ToString() => $"{(Side == OrderSide.Buy ? "buy" : "sell")} {Pair}";
}

/// <summary>
/// A round trip through three markets that share three assets, from a start asset back to it, e.g.
/// USD → BTC → ETH → USD (buy BTC-USD, buy ETH-BTC, sell ETH-USD). Every triangle has two directions.
/// </summary>
internal sealed class TriangleCycle
{
    private TriangleCycle(string startAsset, IReadOnlyList<CycleLeg> legs)
    {
        StartAsset = startAsset;
        Legs = legs;
        Route = string.Join(" → ", legs.Select(l => l.From).Append(startAsset));
    }

    /// <summary>The asset the cycle starts from and comes back to.</summary>
    public string StartAsset { get; }

    /// <summary>The three legs, in firing order.</summary>
    public IReadOnlyList<CycleLeg> Legs { get; }

    /// <summary>E.g. <c>USD → BTC → ETH → USD</c>.</summary>
    public string Route { get; }

    /// <inheritdoc />
    public override string ToString() => Route;

    /// <summary>The two directions of the triangle formed by <paramref name="pairs"/>, starting from <paramref name="startAsset"/>.</summary>
    /// <exception cref="ArgumentException">The pairs do not form a triangle of three assets, or the start asset is not one of them.</exception>
    public static IReadOnlyList<TriangleCycle> Both(IReadOnlyList<TradingPair> pairs, string startAsset)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentException.ThrowIfNullOrWhiteSpace(startAsset);
        var assets = Assets(pairs);
        if (!assets.Contains(startAsset, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The start asset {startAsset} is not traded by {string.Join(", ", pairs)}: use one of {string.Join(", ", assets)}.",
                nameof(startAsset));
        }

        var others = assets.Where(a => a != startAsset).ToArray();
        return [Build(pairs, [startAsset, others[0], others[1]]), Build(pairs, [startAsset, others[1], others[0]])];
    }

    /// <summary>The asset that is the quote of two of the pairs (USD for BTC-USD, ETH-USD, ETH-BTC), or null when none is.</summary>
    public static string? DefaultStartAsset(IReadOnlyList<TradingPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return pairs.GroupBy(p => p.Quote, StringComparer.Ordinal).FirstOrDefault(g => g.Count() >= 2)?.Key;
    }

    /// <summary>The three assets of a triangle, in order of first appearance.</summary>
    /// <exception cref="ArgumentException">Not three distinct pairs over exactly three assets.</exception>
    public static IReadOnlyList<string> Assets(IReadOnlyList<TradingPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var assets = pairs.SelectMany(p => new[] { p.Base, p.Quote }).Distinct(StringComparer.Ordinal).ToList();
        bool distinct = pairs.Select(p => string.CompareOrdinal(p.Base, p.Quote) < 0 ? p.Base + "/" + p.Quote : p.Quote + "/" + p.Base)
            .Distinct(StringComparer.Ordinal).Count() == pairs.Count;
        if (pairs.Count != 3 || assets.Count != 3 || !distinct)
        {
            throw new ArgumentException(
                $"Triangular arbitrage needs three pairs over three assets, each two assets linked once (e.g. BTC-USD, ETH-BTC, ETH-USD); got {string.Join(", ", pairs)}.",
                nameof(pairs));
        }

        return assets;
    }

    private static TriangleCycle Build(IReadOnlyList<TradingPair> pairs, string[] route)
    {
        var legs = new CycleLeg[3];
        for (int i = 0; i < 3; i++)
        {
            string from = route[i], to = route[(i + 1) % 3];
            var pair = pairs.First(p => (p.Base == from && p.Quote == to) || (p.Base == to && p.Quote == from));
            legs[i] = new CycleLeg(pair, pair.Quote == from ? OrderSide.Buy : OrderSide.Sell);
        }

        return new TriangleCycle(route[0], legs);
    }
}
