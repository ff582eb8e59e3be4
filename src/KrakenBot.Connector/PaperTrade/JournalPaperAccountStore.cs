using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Keeps a paper account in the SQLite trading journal (under a <see cref="JournalAccount.Paper"/> account): each
/// change is one journal transaction, on disk when <see cref="SaveAsync"/> returns, so a crash never leaves a fill
/// without its balances or the other way round.
/// </summary>
internal sealed class JournalPaperAccountStore : IPaperAccountStore
{
    private readonly AccountJournal _journal;

    /// <summary>Uses <paramref name="journal"/>, which should belong to a paper account.</summary>
    /// <exception cref="ArgumentException">The journal belongs to a live account: paper fills must never mix with real ones.</exception>
    public JournalPaperAccountStore(AccountJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (journal.Account.Venue != "paper")
        {
            throw new ArgumentException(
                $"Journal account {journal.Account} is not a paper account: open one with JournalAccount.Paper(name).", nameof(journal));
        }

        _journal = journal;
    }

    /// <inheritdoc />
    public bool CanRecordAmendments => true;

    /// <inheritdoc />
    public async Task<PaperAccountSnapshot?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var balances = await _journal.PaperBalances.GetAsync(cancellationToken).ConfigureAwait(false);
        var open = await _journal.Orders.GetOpenAsync(cancellationToken).ConfigureAwait(false);
        return balances.Count == 0 && open.Count == 0 ? null : new PaperAccountSnapshot(balances, open);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The change holds a step kind this store does not know.</exception>
    public async Task SaveAsync(PaperAccountChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var transaction = await _journal.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var step in change.Steps)
        {
            _ = step.Kind switch
            {
                PaperOrderStepKind.Created => transaction.RecordCreated(step.Order),
                PaperOrderStepKind.ExchangeOrderIdAssigned => transaction.RecordExchangeOrderId(step.Order),
                PaperOrderStepKind.StateChanged => transaction.RecordStateChange(step.Order),
                PaperOrderStepKind.Amended => transaction.RecordAmended(step.Order),
                PaperOrderStepKind.Filled => transaction.RecordOrderFill(step.Order,
                    step.Fill ?? throw new ArgumentException($"Fill step of {step.Order.ClientOrderId} carries no fill.", nameof(change))),
                _ => throw new NotSupportedException(
                    $"The trading journal cannot record a {step.Kind} step of paper order {step.Order.ClientOrderId}."),
            };
        }

        if (change.Balances.Count > 0)
        {
            transaction.SavePaperBalances(change.Balances);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ResetAsync(IReadOnlyList<Balance> totals, CancellationToken cancellationToken = default) =>
        _journal.PaperBalances.ResetAsync(totals, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Fill>> GetRecentFillsAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var fills = new List<Fill>(Math.Min(max, HistoryQuery.MaxPageSize));
        string? token = null;
        while (fills.Count < max)
        {
            var page = await _journal.Fills.GetHistoryAsync(
                new HistoryQuery { PageSize = Math.Min(max - fills.Count, HistoryQuery.MaxPageSize), PageToken = token },
                cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                fills.Add(item.Fill);
            }

            token = page.NextPageToken;
            if (token is null)
            {
                break;
            }
        }

        return fills;
    }
}
