namespace KrakenBot.Sandbox.Matching;

internal enum Side : byte { Buy, Sell }

/// <summary>
/// What an order is. Limit and market orders trade; the triggered kinds (stop-loss, take-profit, trailing stops, with a
/// market or a limit order once triggered) rest on the account untriggered, holding their funds, until cancelled: the
/// sandbox does not fire triggers.
/// </summary>
internal enum OrderKind : byte { Limit, Market, StopLoss, TakeProfit, StopLossLimit, TakeProfitLimit, TrailingStop, TrailingStopLimit }

internal enum TimeInForce : byte { Gtc, Ioc, Gtd, Fok }

/// <summary>Kraken's <c>stptype</c>: which side of a self-match is cancelled.</summary>
internal enum SelfTradePrevention : byte { CancelNewest, CancelOldest, CancelBoth }

/// <summary>REST order status (OrderInfo <c>status</c>).</summary>
internal enum OrderStatus : byte { Pending, Open, Closed, Canceled, Expired }

/// <summary>WS v2 <c>exec_type</c> of an order event.</summary>
internal enum ExecType : byte { PendingNew, New, Trade, Filled, Canceled, Expired, Amended }

internal static class OrderEnumText
{
    public static string ToWire(this Side side) => side == Side.Buy ? "buy" : "sell";

    public static string ToWire(this OrderKind kind) => kind switch
    {
        OrderKind.Limit => "limit",
        OrderKind.Market => "market",
        OrderKind.StopLoss => "stop-loss",
        OrderKind.TakeProfit => "take-profit",
        OrderKind.StopLossLimit => "stop-loss-limit",
        OrderKind.TakeProfitLimit => "take-profit-limit",
        OrderKind.TrailingStop => "trailing-stop",
        _ => "trailing-stop-limit",
    };

    public static bool TryParseKind(string? wire, out OrderKind kind)
    {
        foreach (var candidate in Enum.GetValues<OrderKind>())
        {
            if (candidate.ToWire() == wire) { kind = candidate; return true; }
        }
        kind = default;
        return false;
    }

    /// <summary>Waits for a trigger instead of trading at once.</summary>
    public static bool IsTriggered(this OrderKind kind) => kind >= OrderKind.StopLoss;

    /// <summary>Turns into a limit order (with <c>price2</c>) when triggered.</summary>
    public static bool HasLimitPrice(this OrderKind kind) => kind is OrderKind.StopLossLimit or OrderKind.TakeProfitLimit or OrderKind.TrailingStopLimit;

    public static bool IsTrailing(this OrderKind kind) => kind is OrderKind.TrailingStop or OrderKind.TrailingStopLimit;

    public static string ToWire(this OrderStatus status) => status switch
    {
        OrderStatus.Pending => "pending",
        OrderStatus.Open => "open",
        OrderStatus.Closed => "closed",
        OrderStatus.Canceled => "canceled",
        _ => "expired",
    };

    public static string ToWire(this TimeInForce tif) => tif switch
    {
        TimeInForce.Gtc => "GTC",
        TimeInForce.Ioc => "IOC",
        TimeInForce.Gtd => "GTD",
        _ => "FOK",
    };

    public static string ToWire(this ExecType type) => type switch
    {
        ExecType.PendingNew => "pending_new",
        ExecType.New => "new",
        ExecType.Trade => "trade",
        ExecType.Filled => "filled",
        ExecType.Canceled => "canceled",
        ExecType.Expired => "expired",
        _ => "amended",
    };
}
