namespace KrakenBot.Connector.Trading;

/// <summary>
/// One price level of an order book. Not validated: it sits on the book-update hot path, and in updates an amount of
/// zero means "remove this level".
/// </summary>
/// <param name="Price">Level price in the quote asset.</param>
/// <param name="Amount">Total base amount resting at that price.</param>
public readonly record struct BookLevel(decimal Price, decimal Amount)
{
    /// <summary><c>price@amount</c>, e.g. <c>49999.9@1.93264171</c>, exact as held.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Price}@{Amount}");
}
