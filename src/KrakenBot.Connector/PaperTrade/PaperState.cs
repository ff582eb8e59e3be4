using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Everything the engine knows: the ledger, every order of this session (and the open ones restored), for each
/// resting order its place in the queue, and the book liquidity our taker fills used. Copied before a change; the copy replaces it once the change is stored.
/// </summary>
internal sealed class PaperState
{
    public PaperState(PaperLedger ledger, Dictionary<string, TrackedOrder> orders, Dictionary<string, RestingPosition> resting,
        TakenLiquidity taken)
    {
        Ledger = ledger;
        Orders = orders;
        Resting = resting;
        Taken = taken;
    }

    public PaperLedger Ledger { get; }

    public Dictionary<string, TrackedOrder> Orders { get; }

    /// <summary>Orders resting on the simulated book, by client order id.</summary>
    public Dictionary<string, RestingPosition> Resting { get; }

    /// <summary>Book liquidity our taker fills already used.</summary>
    public TakenLiquidity Taken { get; }

    public static PaperState Empty() =>
        new(new PaperLedger(), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new TakenLiquidity());

    public PaperState Clone() =>
        new(Ledger.Clone(), new(Orders, StringComparer.Ordinal), new(Resting, StringComparer.Ordinal), Taken.Clone());
}

/// <summary>
/// Where a resting order stands in the queue at its price.
/// </summary>
/// <param name="Priority">Arrival sequence: lower is older and fills first among our orders at one price.</param>
/// <param name="QueueAhead">
/// Estimated public amount ahead of it at its price: the book's amount there when it arrived, reduced by trades at
/// that price. Null until a ready book gave an estimate (e.g. right after a restart).
/// </param>
internal readonly record struct RestingPosition(long Priority, decimal? QueueAhead);
