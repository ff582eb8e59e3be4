namespace KrakenBot.Strategies.MarketMaking;

/// <summary>One proposed order: price and base amount.</summary>
internal sealed class ProposedOrder
{
    /// <summary>Builds a proposed order.</summary>
    public ProposedOrder(decimal price, decimal size)
    {
        Price = price;
        Size = size;
    }

    /// <summary>Limit price.</summary>
    public decimal Price { get; set; }

    /// <summary>Base amount.</summary>
    public decimal Size { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Size}@{Price}";
}

/// <summary>The orders a tick proposes: buys best first (highest price), sells best first (lowest price).</summary>
internal sealed class Proposal
{
    /// <summary>Builds a proposal.</summary>
    public Proposal(List<ProposedOrder> buys, List<ProposedOrder> sells)
    {
        Buys = buys;
        Sells = sells;
    }

    /// <summary>Proposed buys.</summary>
    public List<ProposedOrder> Buys { get; set; }

    /// <summary>Proposed sells.</summary>
    public List<ProposedOrder> Sells { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"buys [{string.Join(", ", Buys)}] sells [{string.Join(", ", Sells)}]";
}
