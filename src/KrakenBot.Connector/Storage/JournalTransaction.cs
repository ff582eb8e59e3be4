using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// Several journal changes made atomically: all are on disk after <see cref="CommitAsync"/>, none if the transaction
/// is disposed without it (or the process dies first). The steps run at once inside the transaction; the disk wait
/// happens at commit. Holds the journal's writer until disposed, so keep it short: never await the network in it, and
/// never take a nonce (sign a request) while holding it, since the journal's nonce store needs the same writer.
/// </summary>
internal sealed class JournalTransaction : IDisposable, IAsyncDisposable
{
    private readonly JournalWriteScope _write;
    private readonly long _accountId;

    internal JournalTransaction(JournalWriteScope write, long accountId)
    {
        _write = write;
        _accountId = accountId;
    }

    /// <inheritdoc cref="OrderJournal.RecordCreatedAsync"/>
    public bool RecordCreated(TrackedOrder order) => _write.Run(w => OrderWrites.RecordCreated(w, _accountId, order));

    /// <inheritdoc cref="OrderJournal.RecordExchangeOrderIdAsync"/>
    public bool RecordExchangeOrderId(TrackedOrder order) => _write.Run(w => OrderWrites.RecordExchangeOrderId(w, _accountId, order));

    /// <inheritdoc cref="OrderJournal.RecordStateChangeAsync"/>
    public bool RecordStateChange(TrackedOrder order) => _write.Run(w => OrderWrites.RecordStateChange(w, _accountId, order));

    /// <inheritdoc cref="OrderJournal.RecordFillAsync"/>
    public bool RecordOrderFill(TrackedOrder order, Fill fill) => _write.Run(w => OrderWrites.RecordFill(w, _accountId, order, fill));

    /// <inheritdoc cref="OrderJournal.RecordAmendedAsync"/>
    public bool RecordAmended(TrackedOrder order) => _write.Run(w => OrderWrites.RecordAmended(w, _accountId, order));

    /// <inheritdoc cref="FillJournal.RecordAsync"/>
    public bool RecordFill(Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return _write.Run(w => FillRows.Write(w, _accountId, fill, orderId: null));
    }

    /// <inheritdoc cref="AccountJournal.AdvanceTradeCursorAsync"/>
    public bool AdvanceTradeCursor(TradeCursor cursor) => _write.Run(w => AccountRows.AdvanceTradeCursor(w, _accountId, cursor));

    /// <inheritdoc cref="PaperBalanceJournal.SaveAsync"/>
    public void SavePaperBalances(IEnumerable<Balance> balances) =>
        _write.Run(w =>
        {
            AccountRows.SaveBalances(w, _accountId, balances);
            return true;
        });

    /// <inheritdoc cref="PaperBalanceJournal.ResetAsync"/>
    public void ResetPaperBalances(IEnumerable<Balance> balances) =>
        _write.Run(w =>
        {
            AccountRows.DeleteBalances(w, _accountId);
            AccountRows.SaveBalances(w, _accountId, balances);
            return true;
        });

    /// <summary>Makes every step durable: on disk when this returns.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Commit();
        return Task.CompletedTask;
    }

    /// <summary>Synchronous form of <see cref="CommitAsync"/>: every step is on disk when this returns.</summary>
    public void Commit() => _write.Commit();

    /// <summary>Rolls back unless committed, and releases the writer.</summary>
    public void Dispose() => _write.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
