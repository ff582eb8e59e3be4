using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Checks that an API key works and which of the permissions a mode needs it lacks. Kraken's <c>GetApiKeyInfo</c> is
/// not available everywhere (not on the sandbox), so each permission is probed with the cheapest harmless call that
/// needs it: <c>EGeneral:Permission denied</c> means missing; a refusal about the order itself or its market
/// (validation, unknown order, funds, market mode) means the key got past the permission check. Nothing is ever placed or cancelled.
/// </summary>
internal static class KrakenKeyCheck
{
    /// <summary>The permissions among <paramref name="required"/> that the key lacks, in the order of Kraken's settings page (empty when none).</summary>
    /// <exception cref="ExchangeAuthenticationException">Kraken does not accept the key at all.</exception>
    /// <exception cref="ExchangeException">A probe failed for another reason (network, rate limit, outage): nothing is known.</exception>
    public static async Task<IReadOnlyList<KrakenPermissionInfo>> CheckAsync(KrakenRestClient rest, KrakenPermissions required,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rest);
        var missing = new List<KrakenPermissionInfo>();
        foreach (var permission in KrakenPermissionInfo.All)
        {
            if (!required.HasFlag(permission.Permission)) continue;
            try
            {
                await ProbeAsync(rest, permission.Permission, cancellationToken).ConfigureAwait(false);
            }
            catch (PermissionDeniedException)
            {
                missing.Add(permission);
            }
            catch (ExchangeException ex) when (GotPastPermissionCheck(permission.Permission, ex.Category))
            {
                // The key has it.
            }
        }
        return missing;
    }

    /// <summary>
    /// The connector's start check: throws <see cref="ExchangeAuthenticationException"/> for a bad key and
    /// <see cref="PermissionDeniedException"/> naming every missing permission.
    /// </summary>
    internal static async Task VerifyAsync(KrakenRestClient rest, KrakenPermissions required, CancellationToken cancellationToken)
    {
        IReadOnlyList<KrakenPermissionInfo> missing;
        try
        {
            missing = await CheckAsync(rest, required, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeAuthenticationException ex)
        {
            throw new ExchangeAuthenticationException(
                $"Kraken did not accept the API key ({ex.ExchangeError ?? ex.Message}). Check the key and its private key; nothing was traded.",
                ex.ExchangeError);
        }
        if (missing.Count == 0) return;
        var names = new List<string>(missing.Count);
        foreach (var permission in missing) names.Add(permission.Title);
        throw new PermissionDeniedException(
            $"The API key lacks {(missing.Count == 1 ? "a permission" : "permissions")} this mode needs: {string.Join(", ", names)}. " +
            "Enable them on Kraken's API key settings page (or use a key that has them) and start again.",
            "EGeneral:Permission denied");
    }

    // An order call refused about the order or its market (e.g. post-only or cancel-only mode) got past the permission
    // check. A transport failure, rate limit or nonce refusal tells nothing, nor does any refusal of a read (it has no
    // arguments to refuse): those are thrown.
    private static bool GotPastPermissionCheck(KrakenPermissions permission, ExchangeErrorCategory category) =>
        permission is KrakenPermissions.CreateModifyOrders or KrakenPermissions.CancelOrders
        && category is ExchangeErrorCategory.Validation or ExchangeErrorCategory.UnknownOrder or ExchangeErrorCategory.OrderRejected
            or ExchangeErrorCategory.InsufficientFunds or ExchangeErrorCategory.ServiceUnavailable;

    private static Task ProbeAsync(KrakenRestClient rest, KrakenPermissions permission, CancellationToken ct) => permission switch
    {
        KrakenPermissions.QueryFunds => rest.GetBalanceExAsync(ct),
        KrakenPermissions.QueryOpenOrders => rest.GetOpenOrdersAsync(cancellationToken: ct),
        KrakenPermissions.QueryClosedOrders => rest.GetClosedOrdersAsync(cancellationToken: ct),
        // validate=true places nothing; Kraken checks the permission before the arguments.
        KrakenPermissions.CreateModifyOrders => rest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.0001m, Price = 1m, ValidateOnly = true,
        }, ct),
        // A fresh UUID names no live order: a permitted key gets "Unknown order" and nothing happens.
        KrakenPermissions.CancelOrders => rest.CancelOrderByClientOrderIdAsync(Guid.NewGuid().ToString("D"), ct),
        KrakenPermissions.WebSocket => rest.GetWebSocketsTokenAsync(ct),
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "Not a single permission."),
    };
}
