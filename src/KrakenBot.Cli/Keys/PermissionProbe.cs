using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Cli.Keys;

/// <summary>
/// Checks what an API key may do with one cheap, harmless REST call per permission the CLI uses. A call refused
/// with <c>EGeneral:Permission denied</c> means that permission is missing; any other answer (even a validation
/// error) means the key got past the permission check. A rejected key stops the check at the first call.
/// </summary>
internal static class PermissionProbe
{
    /// <summary>A permission by Kraken's code (as in GetApiKeyInfo) and the name on Kraken's API key settings page.</summary>
    public sealed record Permission(string Code, string Title, Func<KrakenRestClient, CancellationToken, Task> Probe);

    public static readonly IReadOnlyList<Permission> Required =
    [
        new("query-funds", "Query Funds", (c, ct) => c.GetBalanceAsync(ct)),
        new("query-open-trades", "Query Open Orders & Trades", (c, ct) => c.GetOpenOrdersAsync(cancellationToken: ct)),
        new("query-closed-trades", "Query Closed Orders & Trades", (c, ct) => c.GetClosedOrdersAsync(cancellationToken: ct)),
        // validate=true: checked by the exchange, never placed.
        new("modify-trades", "Create & Modify Orders", (c, ct) => c.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.0001m, Price = 1m, ValidateOnly = true,
        }, ct)),
        // An order id that cannot exist: a permitted key gets "Unknown order", nothing else happens.
        new("close-trades", "Cancel & Close Orders", (c, ct) => c.CancelOrderAsync("OKBPRB-PROBE-PERMIT", ct)),
        new("create-ws-token", "Access WebSockets API", (c, ct) => c.GetWebSocketsTokenAsync(ct)),
    ];

    /// <summary>The permissions the key lacks (empty when it has them all).</summary>
    /// <exception cref="AuthenticationException">The exchange does not accept the key at all.</exception>
    public static async Task<IReadOnlyList<Permission>> FindMissingAsync(KrakenRestClient client, CancellationToken cancellationToken)
    {
        var missing = new List<Permission>();
        foreach (var permission in Required)
        {
            try
            {
                await permission.Probe(client, cancellationToken).ConfigureAwait(false);
            }
            catch (PermissionDeniedException)
            {
                missing.Add(permission);
            }
            catch (ExchangeException e) when (e.Category is ExchangeErrorCategory.Validation or ExchangeErrorCategory.UnknownOrder
                                                   or ExchangeErrorCategory.OrderRejected or ExchangeErrorCategory.InsufficientFunds)
            {
                // Past the permission check: the permission is there.
            }
        }
        return missing;
    }
}
