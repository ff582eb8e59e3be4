using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>Log messages of the REST client. None carries a key, secret, signature, nonce-bearing body or token.</summary>
internal static partial class RestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Kraken {Endpoint} attempt {Attempt} failed ({Category}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string endpoint, int attempt, string category, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Kraken {Endpoint} answered EAPI:Invalid nonce; retrying once with a fresh nonce")]
    public static partial void RetryingInvalidNonce(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Kraken {Endpoint} warning: {Warning}")]
    public static partial void KrakenWarning(ILogger logger, string endpoint, string warning);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Kraken {Endpoint}: outcome unknown ({Reason}); the request may have taken effect")]
    public static partial void OutcomeUnknown(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Kraken {Endpoint} answered a rate-limit error: {Error}")]
    public static partial void RateLimited(ILogger logger, string endpoint, string error);
}
