using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Verifies at start that the key works and has each permission the mode needs, naming exactly the missing ones.
/// Kraken's <c>GetApiKeyInfo</c> is not available everywhere (not on the sandbox), so each permission is probed with
/// the cheapest call that needs it; <c>EGeneral:Permission denied</c> means missing, any other answer means present
/// (e.g. cancelling an unknown client order id answers <c>EOrder:Unknown order</c>: the key may cancel).
/// </summary>
internal sealed class ConnectCheck(KrakenRestClient rest, MarketCatalog catalog)
{
    /// <summary>Throws <see cref="AuthenticationException"/> for a bad key and <see cref="PermissionDeniedException"/> listing what is missing.</summary>
    public async Task VerifyAsync(KrakenPermissions required, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var (permission, name, probe) in Probes())
        {
            if (!required.HasFlag(permission)) continue;
            try
            {
                await probe(cancellationToken).ConfigureAwait(false);
            }
            catch (PermissionDeniedException)
            {
                missing.Add(name);
            }
            catch (AuthenticationException ex)
            {
                throw new AuthenticationException(
                    $"Kraken did not accept the API key ({ex.ExchangeError ?? ex.Message}). Check the key and its private key; nothing was traded.",
                    ex.ExchangeError);
            }
            catch (ExchangeException) when (permission is KrakenPermissions.CreateModifyOrders or KrakenPermissions.CancelOrders)
            {
                // Any refusal other than a permission one means the key may make this call.
            }
        }

        if (missing.Count > 0)
            throw new PermissionDeniedException(
                $"The API key lacks {(missing.Count == 1 ? "a permission" : "permissions")} this mode needs: {string.Join(", ", missing)}. " +
                "Enable them on Kraken's API key settings page (or use a key that has them) and start again.",
                "EGeneral:Permission denied");
    }

    private IEnumerable<(KrakenPermissions, string, Func<CancellationToken, Task>)> Probes()
    {
        yield return (KrakenPermissions.QueryFunds, "Query Funds", ct => rest.GetBalanceExAsync(ct));
        yield return (KrakenPermissions.QueryOpenOrders, "Query Open Orders & Trades", ct => rest.GetOpenOrdersAsync(cancellationToken: ct));
        yield return (KrakenPermissions.QueryClosedOrders, "Query Closed Orders & Trades", ct => rest.GetClosedOrdersAsync(cancellationToken: ct));
        yield return (KrakenPermissions.CreateModifyOrders, "Create & Modify Orders", ValidateOnlyOrderAsync);
        yield return (KrakenPermissions.CancelOrders, "Cancel & Close Orders",
            ct => rest.CancelOrderByClientOrderIdAsync(Guid.NewGuid().ToString("D"), ct));
        yield return (KrakenPermissions.WebSocket, "Access WebSockets API", ct => rest.GetWebSocketsTokenAsync(ct));
    }

    // AddOrder with validate=true places nothing; its permission check comes before its argument checks.
    private Task ValidateOnlyOrderAsync(CancellationToken cancellationToken)
    {
        var pair = catalog.Pairs[0];
        return rest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = pair.AltName,
            Side = KrakenSide.Buy,
            OrderType = KrakenOrderType.Limit,
            Volume = pair.Rule.MinAmount > 0 ? pair.Rule.MinAmount : 1m,
            Price = pair.Rule.TickSize,
            ValidateOnly = true,
        }, cancellationToken);
    }
}
