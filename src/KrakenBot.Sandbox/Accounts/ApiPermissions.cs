namespace KrakenBot.Sandbox.Accounts;

/// <summary>API key permissions, named after Kraken's permission codes (GetApiKeyInfo).</summary>
[Flags]
public enum ApiPermissions
{
    /// <summary>No permission.</summary>
    None = 0,
    /// <summary><c>query-funds</c>: Balance, BalanceEx.</summary>
    QueryFunds = 1,
    /// <summary><c>query-open-trades</c>: OpenOrders, TradeBalance, QueryOrders.</summary>
    QueryOpenTrades = 2,
    /// <summary><c>query-closed-trades</c>: ClosedOrders, TradesHistory, QueryTrades.</summary>
    QueryClosedTrades = 4,
    /// <summary><c>modify-trades</c>: AddOrder, AmendOrder, EditOrder (and cancels).</summary>
    ModifyTrades = 8,
    /// <summary><c>close-trades</c>: CancelOrder, CancelAll, CancelAllOrdersAfter.</summary>
    CloseTrades = 16,
    /// <summary><c>query-ledger</c>: ledgers and TradeVolume.</summary>
    QueryLedger = 32,
    /// <summary><c>create-ws-token</c>: GetWebSocketsToken.</summary>
    CreateWsToken = 64,
    /// <summary>Every permission the sandbox knows.</summary>
    All = QueryFunds | QueryOpenTrades | QueryClosedTrades | ModifyTrades | CloseTrades | QueryLedger | CreateWsToken,
}

/// <summary>Kraken's verification tiers; they set the REST and trading rate limits.</summary>
public enum AccountTier
{
    /// <summary>REST counter 15 (−0.33/s); trading counter 60 (−1/s).</summary>
    Starter,
    /// <summary>REST counter 20 (−0.5/s); trading counter 125 (−2.34/s).</summary>
    Intermediate,
    /// <summary>REST counter 20 (−1/s); trading counter 180 (−3.75/s).</summary>
    Pro,
}
