namespace KrakenBot.Connector.Storage;

/// <summary>One page of history, newest first.</summary>
/// <param name="Items">The rows of this page.</param>
/// <param name="NextPageToken">Pass as <see cref="HistoryQuery.PageToken"/> for the next (older) page; null on the last page.</param>
internal sealed record JournalPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
