using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// Raises a consumer event handler by handler, so that one throwing handler is logged and neither stops the
/// feed nor keeps the other handlers from their item. Enumerating the invocation list does not allocate.
/// </summary>
internal static class HandlerInvoker
{
    public static void Raise<T>(Action<T>? handlers, T item, ILogger logger, string eventName)
    {
        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(item);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A handler of {Event} threw; the feed continues", eventName);
            }
        }
    }

    public static void Raise(Action? handlers, ILogger logger, string eventName)
    {
        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A handler of {Event} threw", eventName);
            }
        }
    }
}
