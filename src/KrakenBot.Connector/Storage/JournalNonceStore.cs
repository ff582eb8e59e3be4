using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Storage.Internal;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// The nonce high-water mark of one account (one API key) in the journal. A save is committed with
/// <c>synchronous=FULL</c>, so it is on disk before <see cref="NonceSource"/> hands out a nonce under it; a save
/// never lowers the stored mark.
/// </summary>
internal sealed class JournalNonceStore : INonceStore
{
    private readonly JournalDatabase _database;
    private readonly long _accountId;
    private readonly JournalAccount _account;

    public JournalNonceStore(JournalDatabase database, long accountId, JournalAccount account)
    {
        _database = database;
        _accountId = accountId;
        _account = account;
    }

    public long Load() =>
        _database.Read((connection, transaction) => AccountRows.ReadNonceMark(connection, transaction, _accountId));

    public void Save(long highWaterMark)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(highWaterMark);
        using var write = _database.BeginWrite();
        write.Run(w =>
        {
            AccountRows.SaveNonceMark(w, _accountId, highWaterMark);
            return true;
        });
        write.Commit();
    }

    public void SaveLastIssued(long lastIssued, long reservedMark)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastIssued);
        using var write = _database.BeginWrite();
        write.Run(w =>
        {
            AccountRows.LowerNonceMark(w, _accountId, lastIssued, reservedMark);
            return true;
        });
        write.Commit();
    }

    public override string ToString() => $"JournalNonceStore({_account.Scope}, {_database.Path})";
}
