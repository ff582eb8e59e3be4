using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>Log messages of the paper exchange.</summary>
internal static partial class PaperLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Paper exchange: {Work} failed; the account is unchanged by it")]
    public static partial void WorkFailed(ILogger logger, string work, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Paper order {ClientOrderId}: amend not applied: {Reason}")]
    public static partial void AmendDropped(ILogger logger, string clientOrderId, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Paper exchange: cannot watch {Pair}: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string pair, string reason);
}
