using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage;

/// <summary>Which page of history to read: newest first, optionally one pair and a time range.</summary>
internal sealed record HistoryQuery
{
    /// <summary>The largest page the journal returns.</summary>
    public const int MaxPageSize = 1000;

    private readonly int _pageSize = 50;

    /// <summary>Only this market; all when null.</summary>
    public TradingPair? Pair { get; init; }

    /// <summary>Only rows at or after this time (orders by creation time, fills by execution time).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only rows strictly before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>; 50 by default.</summary>
    public int PageSize
    {
        get => _pageSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxPageSize);
            _pageSize = value;
        }
    }

    /// <summary>The <see cref="JournalPage{T}.NextPageToken"/> of the previous page; null for the first page.</summary>
    public string? PageToken { get; init; }
}
