namespace KrakenBot.Connector.Trading;

/// <summary>
/// Holdings of one asset. <see cref="Total"/> = <see cref="Available"/> + <see cref="Held"/> always: the total is
/// computed, never stored, so the three cannot disagree.
/// </summary>
public sealed record Balance
{
    /// <summary>Builds a balance from what is free and what is held by open orders.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Available or held is negative.</exception>
    public Balance(string asset, decimal available, decimal held)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        if (available < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(available), available, $"Available {asset} cannot be negative.");
        }

        if (held < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(held), held, $"Held {asset} cannot be negative.");
        }

        Asset = asset;
        Available = available;
        Held = held;
    }

    /// <summary>Builds a balance from the total and the part held (e.g. Kraken's <c>balance</c> and <c>hold_trade</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Held is negative or larger than the total.</exception>
    public static Balance FromTotal(string asset, decimal total, decimal held)
    {
        if (held > total)
        {
            throw new ArgumentOutOfRangeException(nameof(held), held, $"Held {asset} ({held}) exceeds the total ({total}).");
        }

        return new Balance(asset, total - held, held);
    }

    /// <summary>The asset, by its common name (e.g. <c>BTC</c>).</summary>
    public string Asset { get; }

    /// <summary>Free to use for new orders or withdrawals.</summary>
    public decimal Available { get; }

    /// <summary>Reserved by open orders.</summary>
    public decimal Held { get; }

    /// <summary>Available + held.</summary>
    public decimal Total => Available + Held;
}
