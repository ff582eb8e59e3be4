namespace KrakenBot.Sandbox.Market;

/// <summary>Trading status of a pair or of the whole exchange (SystemStatus).</summary>
public enum TradingStatus
{
    /// <summary>Everything allowed.</summary>
    Online,
    /// <summary>No orders and no cancels.</summary>
    Maintenance,
    /// <summary>Cancels only.</summary>
    CancelOnly,
    /// <summary>Only post-only limit orders.</summary>
    PostOnly,
    /// <summary>Only limit orders (pairs only).</summary>
    LimitOnly,
}

internal static class TradingStatusText
{
    public static string ToWire(this TradingStatus status) => status switch
    {
        TradingStatus.Online => "online",
        TradingStatus.Maintenance => "maintenance",
        TradingStatus.CancelOnly => "cancel_only",
        TradingStatus.PostOnly => "post_only",
        TradingStatus.LimitOnly => "limit_only",
        _ => "online",
    };

    public static bool TryParse(string? text, out TradingStatus status)
    {
        switch (text)
        {
            case "online": status = TradingStatus.Online; return true;
            case "maintenance": status = TradingStatus.Maintenance; return true;
            case "cancel_only": status = TradingStatus.CancelOnly; return true;
            case "post_only": status = TradingStatus.PostOnly; return true;
            case "limit_only": status = TradingStatus.LimitOnly; return true;
            default: status = TradingStatus.Online; return false;
        }
    }
}
