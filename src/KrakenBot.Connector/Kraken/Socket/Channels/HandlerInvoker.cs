using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>Raises a consumer event so that a throwing handler is logged and cannot stop the feed.</summary>
internal static class HandlerInvoker
{
    public static void Raise<T>(Action<T>? handlers, T item, ILogger logger, string eventName)
    {
        if (handlers is null) return;
        try
        {
            handlers(item);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A handler of {Event} threw; the feed continues", eventName);
        }
    }
}
