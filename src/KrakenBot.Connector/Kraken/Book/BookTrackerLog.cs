using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Book;

internal static partial class BookTrackerLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Book {Symbol} checksum mismatch: Kraken sent {Expected}, the book gives {Actual}. Book emptied and marked not ready; resubscribing {Symbol} at depth {Depth}.")]
    public static partial void ChecksumMismatch(ILogger logger, string symbol, uint expected, uint actual, int depth);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Book frame rejected for {Symbol}: {Problem}")]
    public static partial void ProtocolError(ILogger logger, string symbol, string problem);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Book frame for untracked symbol {Symbol} ignored.")]
    public static partial void UnknownSymbol(ILogger logger, string symbol);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Book {Symbol} is ready: snapshot of {Bids} bids and {Asks} asks verified.")]
    public static partial void Ready(ILogger logger, string symbol, int bids, int asks);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "A handler of book {Symbol} events threw; the book itself is unaffected.")]
    public static partial void HandlerFailed(ILogger logger, string symbol, Exception exception);
}
