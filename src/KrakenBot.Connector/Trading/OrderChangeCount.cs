namespace KrakenBot.Connector.Trading;

/// <summary>
/// An exchange that counts the changes of its orders (placed, amended, filled, cancelled, forgotten): a caller that read
/// the orders it follows while the count was N knows that none of them changed while the count is still N. The strategy
/// driver then skips reading every order again on a book change (a backtest has millions of them).
/// </summary>
public interface IOrderChangeCount
{
    /// <summary>Grows with every change of any order; never falls.</summary>
    long OrderChanges { get; }
}
