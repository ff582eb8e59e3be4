using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.PaperTrade;

// The account across restarts and changes: restore from the store, then every change stored before it is seen.
public sealed partial class PaperExchange
{
    // Finished orders kept in memory for GetOrder; older ones are only in the store (trade history).
    private const int FinishedOrdersKept = 1_000;

    private List<Balance> StartingTotals()
    {
        var totals = new List<Balance>(_options.StartingBalances.Count);
        foreach (var (asset, total) in _options.StartingBalances)
        {
            totals.Add(new Balance(asset, total, 0m));
        }

        return totals;
    }

    private PaperState Restore(PaperAccountSnapshot snapshot)
    {
        var state = PaperState.Empty();
        foreach (var balance in snapshot.Totals)
        {
            state.Ledger.SetTotal(balance.Asset, balance.Total);
        }

        foreach (var order in snapshot.OpenOrders)
        {
            string id = order.ClientOrderId;
            state.Orders[id] = order;
            var rule = TryGetRule(order.Request.Pair);
            var hold = rule is null
                ? PaperPricing.HoldFor(order, FeeFreeRule(order.Request.Pair), 0m)
                : PaperPricing.HoldFor(order, rule, _options.ThirtyDayVolume);
            state.Ledger.SetHold(id, hold.Asset, hold.Amount);
            if (order.State is OrderState.Open or OrderState.PartiallyFilled or OrderState.PendingCancel)
            {
                // The queue ahead was not kept: it is estimated again from the first ready book.
                state.Resting[id] = new RestingPosition(NextPriority(), null);
            }
        }

        foreach (string asset in state.Ledger.Assets)
        {
            try
            {
                _ = state.Ledger.BalanceOf(asset);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(
                    $"The stored paper account does not add up ({e.Message}). Reset the paper account to start again.", e);
            }
        }

        return state;
    }

    // A pair that lost its rule still holds what it needs, without fees (it cannot trade until the rule is back).
    private static TradingRule FeeFreeRule(TradingPair pair) =>
        new(pair, 1m, 0, 0, 0, 0m, null, MarketStatus.Online, FeeSchedule.Empty, FeeSchedule.Empty);

    /// <summary>Builds a change on a copy of the state, stores it, then makes it visible and raises its events.</summary>
    private async Task ChangeAsync(Action<PaperChange> build, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var change = new PaperChange(_state, _time.GetUtcNow());
            build(change);
            await CommitAsync(change, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="check"/> on the state under the gate (a request checked now and carried out later).</summary>
    private async Task CheckAsync(Action<PaperState> check, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            check(_state);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Caller holds the gate: events are published in the order their changes were stored.
    private async Task CommitAsync(PaperChange change, CancellationToken cancellationToken)
    {
        if (change.IsEmpty)
        {
            SetState(change.Next); // only queue estimates moved: nothing to store or tell
            return;
        }

        var before = _state.Ledger;
        var balances = new List<Balance>(change.TouchedAssets.Count);
        var balanceEvents = new List<ExchangeEvent>(change.TouchedAssets.Count);
        foreach (string asset in change.TouchedAssets)
        {
            var balance = change.Next.Ledger.BalanceOf(asset);
            balances.Add(balance);
            if (balance.Available != before.Available(asset) || balance.Held != before.Held(asset))
            {
                balanceEvents.Add(new BalanceChanged(change.At, balance));
            }
        }

        balances.Sort(static (a, b) => string.CompareOrdinal(a.Asset, b.Asset));
        balanceEvents.Sort(static (a, b) => string.CompareOrdinal(((BalanceChanged)a).Balance.Asset, ((BalanceChanged)b).Balance.Asset));
        if (change.Steps.Count > 0 || balances.Count > 0)
        {
            await _store.SaveAsync(new PaperAccountChange([.. change.Steps], balances), cancellationToken).ConfigureAwait(false);
        }

        ForgetOldFinishedOrders(change.Next);
        SetState(change.Next);
        foreach (var e in change.Events)
        {
            _events.Publish(e);
        }

        foreach (var e in balanceEvents)
        {
            _events.Publish(e);
        }
    }

    // Keeps every state copy small in a long session: once twice the limit is reached, the oldest finished orders go.
    private static void ForgetOldFinishedOrders(PaperState state)
    {
        int finished = 0;
        foreach (var order in state.Orders.Values)
        {
            finished += order.IsTerminal ? 1 : 0;
        }

        if (finished < 2 * FinishedOrdersKept)
        {
            return;
        }

        var oldest = new List<TrackedOrder>(finished);
        foreach (var order in state.Orders.Values)
        {
            if (order.IsTerminal)
            {
                oldest.Add(order);
            }
        }

        oldest.Sort(static (a, b) => a.UpdatedAt.CompareTo(b.UpdatedAt));
        for (int i = 0; i < finished - FinishedOrdersKept; i++)
        {
            state.Orders.Remove(oldest[i].ClientOrderId);
        }
    }
}
