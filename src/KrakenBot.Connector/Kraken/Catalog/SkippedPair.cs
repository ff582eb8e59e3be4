namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>A pair Kraken listed that the catalog left out, and why.</summary>
/// <param name="Id">The REST pair id as sent.</param>
/// <param name="Reason">Why it is not tradable through the catalog.</param>
internal sealed record SkippedPair(string Id, string Reason);
