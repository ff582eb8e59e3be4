using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken;

// On a journal a fleet shares: who this connector runs as, and whose an order it does not know is.
public sealed partial class KrakenSpotExchange
{
    /// <summary>The fleet member this connector runs as on a shared journal; null on a journal of its own.</summary>
    internal string? FleetMember => Started.Fleet?.Member;

    /// <summary>
    /// When <paramref name="id"/> (a client or an exchange order id) is an order another member of the fleet journaled,
    /// that order and its owner's name (several names when they share a prefix; the prefix when none is recorded); null
    /// for this connector's own orders, for orders unknown to the fleet, and on a journal of its own.
    /// </summary>
    /// <exception cref="Storage.JournalException">The journal cannot be read.</exception>
    internal async Task<(string Owner, TrackedOrder Order)?> FindOtherMembersOrderAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var parts = Started;
        if (parts.Fleet is null)
        {
            return null;
        }

        var order = await parts.Account.Orders.GetByClientIdAsync(id, cancellationToken).ConfigureAwait(false)
            ?? await parts.Account.Orders.GetByExchangeIdAsync(id, cancellationToken).ConfigureAwait(false);
        if (order is null || parts.Fleet.Owns(order.ClientOrderId) || FleetNamespace.PrefixOf(order.ClientOrderId) is not { } prefix)
        {
            return null;
        }

        var names = await parts.Journal.FleetMembersWithPrefixAsync(prefix, cancellationToken).ConfigureAwait(false);
        return (names.Count > 0 ? string.Join("' or '", names) : $"(unnamed; client order ids {prefix}-…)", order);
    }
}
