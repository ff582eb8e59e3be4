using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace KrakenBot.Connector.Trading;

/// <summary>A book as an <c>await foreach</c> stream: what a program that just wants the top of the book reads.</summary>
public static class OrderBookViewStreaming
{
    /// <summary>
    /// The top <paramref name="levels"/> of <paramref name="book"/>: at once when it is ready, then after each change
    /// while it is ready. A book is state, not a log: a reader slower than the book skips to its latest state, so it
    /// never reads a stale book and memory stays bounded. Ends when <paramref name="cancellationToken"/> fires or the
    /// loop breaks.
    /// </summary>
    /// <example>
    /// <code>
    /// await foreach (var top in book.ReadSnapshotsAsync(levels: 1))
    ///     Console.WriteLine($"spread {top.Spread}");
    /// </code>
    /// </example>
    public static async IAsyncEnumerable<OrderBookSnapshot> ReadSnapshotsAsync(this IOrderBookView book, int levels = 10,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(levels);
        // One pending signal at most: changes while the reader is busy collapse into one "read the book again".
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        EventHandler onChange = (_, _) => changed.Writer.TryWrite(true);
        book.Changed += onChange;
        try
        {
            // Subscribed first, read second: a change between the two is a signal, never lost.
            changed.Writer.TryWrite(true);
            while (await changed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changed.Reader.TryRead(out _);
                OrderBookSnapshot snapshot = book.GetSnapshot(levels);
                if (snapshot.IsReady) yield return snapshot;
            }
        }
        finally
        {
            book.Changed -= onChange;
        }
    }
}
