using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// The balances of a paper account, kept across restarts. To move balances together with the fill that caused them,
/// use <see cref="AccountJournal.BeginTransactionAsync"/>.
/// </summary>
internal sealed class PaperBalanceJournal
{
    private readonly AccountJournal _account;

    internal PaperBalanceJournal(AccountJournal account) => _account = account;

    /// <summary>Every stored balance, by asset.</summary>
    public Task<IReadOnlyList<Balance>> GetAsync(CancellationToken cancellationToken = default) =>
        _account.ReadAsync(AccountRows.ReadBalances, cancellationToken);

    /// <summary>Stores these balances (other assets keep theirs).</summary>
    public Task SaveAsync(IEnumerable<Balance> balances, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction =>
        {
            transaction.SavePaperBalances(balances);
            return true;
        }, cancellationToken);

    /// <summary>Replaces all balances with these (e.g. <c>paper init</c>); assets not listed are removed.</summary>
    public Task ResetAsync(IEnumerable<Balance> balances, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction =>
        {
            transaction.ResetPaperBalances(balances);
            return true;
        }, cancellationToken);
}
