using System.Text;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>An immutable symbol → book map, replaced as a whole when a symbol is tracked or untracked.</summary>
internal sealed class BookRegistry
{
    public static readonly BookRegistry Empty = new(new Dictionary<string, OrderBook>(StringComparer.Ordinal));

    private readonly Dictionary<string, OrderBook>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    private BookRegistry(Dictionary<string, OrderBook> books)
    {
        Books = books;
        _bySpan = books.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Dictionary<string, OrderBook> Books { get; }

    public BookRegistry With(OrderBook book) => new(new Dictionary<string, OrderBook>(Books, StringComparer.Ordinal) { [book.Symbol] = book });

    public BookRegistry Without(string symbol)
    {
        var books = new Dictionary<string, OrderBook>(Books, StringComparer.Ordinal);
        books.Remove(symbol);
        return new BookRegistry(books);
    }

    public OrderBook? Find(ReadOnlySpan<byte> utf8Symbol)
    {
        if (utf8Symbol.Length > 256)
        {
            return null;
        }
        Span<char> chars = stackalloc char[utf8Symbol.Length];
        int length = Encoding.UTF8.GetChars(utf8Symbol, chars);
        return _bySpan.TryGetValue(chars[..length], out OrderBook? book) ? book : null;
    }
}
