using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// One connector's share of the client order ids on a key that a fleet shares through one PostgreSQL journal: every
/// order it places carries a UUID whose first group (8 hex digits) is derived from its member name (a bot's id), so it
/// can tell its own orders from the rest of the fleet's by their <c>cl_ord_id</c> alone, in the execution stream, in
/// Kraken's lists and in the journal. A connector reconciles, adopts and cancels only orders in its namespace; another
/// member's orders are left to that member, or to an explicit takeover by name.
/// </summary>
internal sealed class FleetNamespace
{
    private FleetNamespace(string member)
    {
        Member = member;
        Prefix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(member)).AsSpan(0, 4));
    }

    /// <summary>The member's name (the bot id), as given.</summary>
    public string Member { get; }

    /// <summary>The 8 lowercase hex digits every client order id of this member starts with.</summary>
    public string Prefix { get; }

    /// <summary>The namespace of <paramref name="member"/>.</summary>
    public static FleetNamespace Of(string member)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(member);
        return new FleetNamespace(member);
    }

    /// <summary>
    /// The namespace a connector on <paramref name="shared"/> journal uses: none for a journal of its own (it owns every
    /// order on its key, as before); the member's, or a fresh one for this run when no member name is given (its
    /// orders are then its own until it stops, and another run takes them over only by an explicit command).
    /// </summary>
    public static FleetNamespace? For(bool shared, string? member) =>
        !shared ? null : Of(string.IsNullOrWhiteSpace(member) ? "run-" + Guid.NewGuid().ToString("N") : member);

    /// <summary>A client order id in this namespace: <paramref name="random"/> with its first group replaced by <see cref="Prefix"/>.</summary>
    public Guid Stamp(Guid random) => Guid.ParseExact(string.Concat(Prefix, random.ToString("D").AsSpan(8)), "D");

    /// <summary>The namespace prefix <paramref name="clientOrderId"/> would carry as a fleet member's id (lowercase); null when it has none.</summary>
    public static string? PrefixOf(string? clientOrderId) =>
        clientOrderId is { Length: 36 } && clientOrderId[8] == '-' ? clientOrderId[..8].ToLowerInvariant() : null;

    /// <summary>True when <paramref name="clientOrderId"/> was made by <see cref="Stamp"/> in this namespace.</summary>
    public bool Owns(string? clientOrderId) =>
        clientOrderId is { Length: 36 } && clientOrderId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && clientOrderId[8] == '-';
}
