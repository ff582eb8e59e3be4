namespace KrakenBot.Sandbox.Matching;

/// <summary>One aggregated price level.</summary>
internal readonly record struct BookLevel(decimal Price, decimal Quantity, long UpdatedAt);

/// <summary>
/// A consistent copy of a book's top levels. <see cref="Version"/> counts every book change of the
/// pair (the same counter as <see cref="BookLevelEvent"/>), so a subscriber can drop updates that
/// the snapshot already contains.
/// </summary>
internal sealed record BookSnapshot(BookLevel[] Bids, BookLevel[] Asks, long Version);
