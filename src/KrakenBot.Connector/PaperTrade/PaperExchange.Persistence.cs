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

    /// <summary>Builds a change on the state, stores it, then makes it visible and raises its events.</summary>
    private Task ChangeAsync(Action<PaperChange> build, CancellationToken cancellationToken = default) =>
        ChangeAsync(build, static (change, build) => build(change), cancellationToken);

    /// <summary>
    /// Builds a change on the state (<paramref name="build"/> with <paramref name="arg"/>: a static lambda allocates no
    /// closure), stores it, then makes it visible and raises its events.
    /// </summary>
    private async Task ChangeAsync<TArg>(TArg arg, Action<PaperChange, TArg> build, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Build(arg, build);
            await CommitAsync(_change, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Caller holds the gate. Builds the change in place, its writes logged, with readers kept out; notes the balances it
    // touched; then takes the writes back, so that until it is stored readers (and a failed store) see the state before.
    private void Build<TArg>(TArg arg, Action<PaperChange, TArg> build)
    {
        var change = _change;
        lock (_stateLock)
        {
            change.Restart(_state, _time.GetUtcNow());
            try
            {
                build(change, arg);
                NoteBalances(change);
            }
            catch
            {
                _state.Undo();
                _state.EndLog();
                throw;
            }

            _state.Undo();
            NoteBalanceEvents(change);
        }
    }

    /// <summary>Runs <paramref name="check"/> on the state under the gate (a request checked now and carried out later).</summary>
    private async Task CheckAsync<TArg>(TArg arg, Action<PaperState, TArg> check, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            check(_state, arg); // only changes write the state, and they hold the gate
        }
        finally
        {
            _gate.Release();
        }
    }

    // The balances of the assets a change touched, read after it (the state as built).
    private readonly List<Balance> _touchedBalances = [];
    private readonly List<BalanceChanged> _balanceEvents = [];

    private void NoteBalances(PaperChange change)
    {
        _touchedBalances.Clear();
        _balanceEvents.Clear();
        foreach (string asset in change.TouchedAssets)
        {
            _touchedBalances.Add(change.Next.Ledger.BalanceOf(asset));
        }

        _touchedBalances.Sort(static (a, b) => string.CompareOrdinal(a.Asset, b.Asset));
    }

    // With the state back as it was before the change: the touched balances whose available or held amount moved.
    private void NoteBalanceEvents(PaperChange change)
    {
        var before = _state.Ledger;
        foreach (var balance in _touchedBalances)
        {
            if (balance.Available != before.Available(balance.Asset) || balance.Held != before.Held(balance.Asset))
            {
                _balanceEvents.Add(new BalanceChanged(change.At, balance));
            }
        }
    }

    // Caller holds the gate: events are published in the order their changes were stored.
    private async Task CommitAsync(PaperChange change, CancellationToken cancellationToken)
    {
        if (!change.IsEmpty && (change.Steps.Count > 0 || _touchedBalances.Count > 0))
        {
            try
            {
                await _store.SaveAsync(new PaperAccountChange([.. change.Steps], [.. _touchedBalances]), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                _state.EndLog(); // not stored: the change stays taken back
                throw;
            }
        }

        lock (_stateLock)
        {
            _state.Redo();
            _state.EndLog();
            if (!change.IsEmpty)
            {
                ForgetOldFinishedOrders(_state);
            }

            Interlocked.Increment(ref _orderChanges);
        }

        if (change.IsEmpty)
        {
            return; // only queue estimates moved: nothing to store or tell
        }

        var events = change.Events;
        for (int i = 0; i < events.Count; i++) // indexed: the list comes as an interface
        {
            _events.Publish(events[i]);
        }

        foreach (var e in _balanceEvents)
        {
            _events.Publish(e);
        }
    }

    // Keeps the state small in a long session: once twice the limit is reached, the oldest finished orders go.
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
