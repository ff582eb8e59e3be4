namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>How a call may be repeated when something goes wrong.</summary>
internal enum KrakenCallKind
{
    /// <summary>Reads state: may be retried on transient failures (with a fresh nonce).</summary>
    Read,
    /// <summary>Changes state (cancel, amend, edit): retried only on <c>EAPI:Invalid nonce</c>; a lost reply is "outcome unknown".</summary>
    StateChange,
    /// <summary>Places orders: never retried automatically; a lost reply is "outcome unknown".</summary>
    OrderPlacement,
}

/// <summary>One Kraken REST method: its path, whether it is signed, its REST-counter cost and how it may be retried.</summary>
internal sealed class KrakenEndpoint
{
    private KrakenEndpoint(string name, bool isPrivate, int restCost, KrakenCallKind kind, bool refersToExistingOrder = false)
    {
        Name = name;
        IsPrivate = isPrivate;
        RestCost = restCost;
        Kind = kind;
        RefersToExistingOrder = refersToExistingOrder;
        Path = (isPrivate ? "0/private/" : "0/public/") + name;
    }

    /// <summary>Kraken's method name, e.g. <c>AddOrder</c>; used in every message about the call.</summary>
    public string Name { get; }
    public bool IsPrivate { get; }
    /// <summary>Charge on the per-key REST counter (API.md §3.1); 0 for public calls and trading-engine calls.</summary>
    public int RestCost { get; }
    public KrakenCallKind Kind { get; }
    /// <summary>True when the call names an existing order, so <c>EOrder:Invalid order</c> means "unknown order".</summary>
    public bool RefersToExistingOrder { get; }
    /// <summary>Path relative to the REST base URL, without a leading slash so a base path (sandbox) is kept.</summary>
    public string Path { get; }

    public bool IsStateChanging => Kind != KrakenCallKind.Read;

    public static readonly KrakenEndpoint Time = Public("Time");
    public static readonly KrakenEndpoint SystemStatus = Public("SystemStatus");
    public static readonly KrakenEndpoint Assets = Public("Assets");
    public static readonly KrakenEndpoint AssetPairs = Public("AssetPairs");
    public static readonly KrakenEndpoint Ticker = Public("Ticker");
    public static readonly KrakenEndpoint Ohlc = Public("OHLC");
    public static readonly KrakenEndpoint Depth = Public("Depth");
    public static readonly KrakenEndpoint Trades = Public("Trades");

    public static readonly KrakenEndpoint Balance = PrivateRead("Balance", 1);
    public static readonly KrakenEndpoint BalanceEx = PrivateRead("BalanceEx", 1);
    public static readonly KrakenEndpoint TradeBalance = PrivateRead("TradeBalance", 1);
    public static readonly KrakenEndpoint TradeVolume = PrivateRead("TradeVolume", 1);
    public static readonly KrakenEndpoint OpenOrders = PrivateRead("OpenOrders", 1);
    public static readonly KrakenEndpoint ClosedOrders = PrivateRead("ClosedOrders", 1);
    public static readonly KrakenEndpoint QueryOrders = PrivateRead("QueryOrders", 1, refersToExistingOrder: true);
    public static readonly KrakenEndpoint TradesHistory = PrivateRead("TradesHistory", 2);
    public static readonly KrakenEndpoint QueryTrades = PrivateRead("QueryTrades", 1);
    public static readonly KrakenEndpoint GetWebSocketsToken = PrivateRead("GetWebSocketsToken", 1);

    // Trading-engine calls do not use the REST counter (API.md §3.1); they have their own per-pair counter.
    public static readonly KrakenEndpoint AddOrder = new("AddOrder", true, 0, KrakenCallKind.OrderPlacement);
    public static readonly KrakenEndpoint AddOrderBatch = new("AddOrderBatch", true, 0, KrakenCallKind.OrderPlacement);
    public static readonly KrakenEndpoint AmendOrder = new("AmendOrder", true, 0, KrakenCallKind.StateChange, true);
    public static readonly KrakenEndpoint EditOrder = new("EditOrder", true, 0, KrakenCallKind.StateChange, true);
    public static readonly KrakenEndpoint CancelOrder = new("CancelOrder", true, 0, KrakenCallKind.StateChange, true);
    public static readonly KrakenEndpoint CancelAll = new("CancelAll", true, 0, KrakenCallKind.StateChange);
    public static readonly KrakenEndpoint CancelOrderBatch = new("CancelOrderBatch", true, 0, KrakenCallKind.StateChange, true);
    public static readonly KrakenEndpoint CancelAllOrdersAfter = new("CancelAllOrdersAfter", true, 1, KrakenCallKind.StateChange);

    private static KrakenEndpoint Public(string name) => new(name, false, 0, KrakenCallKind.Read);

    private static KrakenEndpoint PrivateRead(string name, int cost, bool refersToExistingOrder = false)
        => new(name, true, cost, KrakenCallKind.Read, refersToExistingOrder);
}
