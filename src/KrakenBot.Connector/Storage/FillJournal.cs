using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage;

/// <summary>One account's fills, each trade id stored exactly once.</summary>
internal sealed class FillJournal
{
    private readonly AccountJournal _account;

    internal FillJournal(AccountJournal account) => _account = account;

    /// <summary>
    /// Records a fill not (yet) tied to a journaled order, e.g. found by reconciliation. Idempotent: a trade id
    /// already stored changes nothing and returns false. Recording it later with
    /// <see cref="OrderJournal.RecordFillAsync"/> ties it to its order.
    /// </summary>
    /// <exception cref="JournalConflictException">The trade id is stored with different figures.</exception>
    public Task<bool> RecordAsync(Fill fill, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction => transaction.RecordFill(fill), cancellationToken);

    /// <summary>The fill with this trade id, or null.</summary>
    public Task<JournalFill?> GetAsync(string tradeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tradeId);
        return _account.ReadAsync((connection, transaction, id) =>
            FillRows.Find(connection, transaction, id, tradeId) is { } found ? new JournalFill(found.RowId, found.Fill) : null,
            cancellationToken);
    }

    /// <summary>
    /// Fills stored after <paramref name="afterSequence"/> (0 for all), in the order they were stored, at most
    /// <paramref name="max"/>. Pass the last <see cref="JournalFill.Sequence"/> seen to continue.
    /// </summary>
    public Task<IReadOnlyList<JournalFill>> GetAfterAsync(long afterSequence, int max = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return _account.ReadAsync((connection, transaction, id) =>
            FillReads.After(connection, transaction, id, afterSequence, max), cancellationToken);
    }

    /// <summary>Fills newest first by execution time, one page at a time.</summary>
    public Task<JournalPage<JournalFill>> GetHistoryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageToken.Parse(query.PageToken);
        return _account.ReadAsync((connection, transaction, id) => FillReads.History(connection, transaction, id, query), cancellationToken);
    }
}
