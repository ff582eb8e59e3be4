using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.MarketMaking;

// Messages logged on the cycle's hot path: generated, so nothing is boxed or formatted unless the level is on.
internal static partial class PureMarketMakingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Pair}: an order change needing {Cost} counter points is put off; {Headroom} are free.")]
    public static partial void ChangePutOff(ILogger logger, TradingPair pair, decimal cost, decimal headroom);
}
