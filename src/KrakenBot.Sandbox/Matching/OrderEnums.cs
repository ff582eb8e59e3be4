namespace KrakenBot.Sandbox.Matching;

internal enum Side : byte { Buy, Sell }

internal enum OrderKind : byte { Limit, Market }

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

    public static string ToWire(this OrderKind kind) => kind == OrderKind.Limit ? "limit" : "market";

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
