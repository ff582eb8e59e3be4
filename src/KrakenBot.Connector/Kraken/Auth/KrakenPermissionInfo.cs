namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>One API key permission as Kraken names it.</summary>
/// <param name="Permission">The permission.</param>
/// <param name="Title">Its name on Kraken's API key settings page, e.g. <c>Query Funds</c>.</param>
/// <param name="Code">Its code in Kraken's <c>GetApiKeyInfo</c>, e.g. <c>query-funds</c>.</param>
internal sealed record KrakenPermissionInfo(KrakenPermissions Permission, string Title, string Code)
{
    /// <summary>Every single permission the connector uses, in the order of Kraken's settings page.</summary>
    public static IReadOnlyList<KrakenPermissionInfo> All { get; } =
    [
        new(KrakenPermissions.QueryFunds, "Query Funds", "query-funds"),
        new(KrakenPermissions.QueryOpenOrders, "Query Open Orders & Trades", "query-open-trades"),
        new(KrakenPermissions.QueryClosedOrders, "Query Closed Orders & Trades", "query-closed-trades"),
        new(KrakenPermissions.CreateModifyOrders, "Create & Modify Orders", "modify-trades"),
        new(KrakenPermissions.CancelOrders, "Cancel & Close Orders", "close-trades"),
        new(KrakenPermissions.WebSocket, "Access WebSockets API", "create-ws-token"),
    ];

    /// <summary>The title and code, e.g. <c>Query Funds (query-funds)</c>.</summary>
    public override string ToString() => $"{Title} ({Code})";
}
