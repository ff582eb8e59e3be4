namespace KrakenBot.Connector.Kraken.Book;

/// <summary>One price level of an order book, exact as Kraken sent it.</summary>
/// <param name="Price">Price in the quote currency, with the pair's price precision.</param>
/// <param name="Quantity">Resting quantity in the base currency, with the pair's quantity precision.</param>
public readonly record struct BookLevel(decimal Price, decimal Quantity)
{
    /// <summary><c>price@quantity</c>, e.g. <c>49999.9@1.93264171</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Price}@{Quantity}");
}
