using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Everything the engine knows: the ledger, every order of this session (and the open ones restored), for each
/// resting order its place in the queue, and the book liquidity our taker fills used. One instance, changed in place:
/// a change is built on it with every write logged, taken back while the change is stored, and done again once it is
/// (see <see cref="PaperExchange"/>), so that a change that cannot be stored is dropped whole and nothing is copied.
/// </summary>
internal sealed class PaperState
{
    public PaperState(PaperLedger ledger, LoggedMap<string, TrackedOrder> orders, LoggedMap<string, RestingPosition> resting,
        TakenLiquidity taken)
    {
        Ledger = ledger;
        Orders = orders;
        Resting = resting;
        Taken = taken;
    }

    public PaperLedger Ledger { get; }

    public LoggedMap<string, TrackedOrder> Orders { get; }

    /// <summary>Orders resting on the simulated book, by client order id.</summary>
    public LoggedMap<string, RestingPosition> Resting { get; }

    /// <summary>Book liquidity our taker fills already used.</summary>
    public TakenLiquidity Taken { get; }

    public static PaperState Empty() =>
        new(new PaperLedger(), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new TakenLiquidity());

    /// <summary>Logs every write from now on.</summary>
    public void BeginLog()
    {
        Ledger.BeginLog();
        Orders.BeginLog();
        Resting.BeginLog();
        Taken.BeginLog();
    }

    /// <summary>Takes back the writes logged since <see cref="BeginLog"/>.</summary>
    public void Undo()
    {
        Ledger.Undo();
        Orders.Undo();
        Resting.Undo();
        Taken.Undo();
    }

    /// <summary>Does the logged writes again after an <see cref="Undo"/>.</summary>
    public void Redo()
    {
        Ledger.Redo();
        Orders.Redo();
        Resting.Redo();
        Taken.Redo();
    }

    /// <summary>Stops logging.</summary>
    public void EndLog()
    {
        Ledger.EndLog();
        Orders.EndLog();
        Resting.EndLog();
        Taken.EndLog();
    }
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
