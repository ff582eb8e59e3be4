using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// A paper account kept in memory only: it survives a new <see cref="PaperExchange"/> over the same store instance,
/// not a process restart. For tests and throw-away sessions; use the SQLite journal to keep an account.
/// </summary>
internal sealed class InMemoryPaperAccountStore : IPaperAccountStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, decimal> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrackedOrder> _orders = new(StringComparer.Ordinal);
    private readonly List<string> _orderSequence = [];
    private readonly List<Fill> _fills = [];
    private readonly HashSet<string> _tradeIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal); // SaveAsync's check, reused under the lock
    private bool _initialized;

    /// <inheritdoc />
    public bool CanRecordAmendments => true;

    /// <summary>How many changes were stored (for diagnostics).</summary>
    public int ChangeCount { get; private set; }

    /// <inheritdoc />
    public Task<PaperAccountSnapshot?> LoadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_initialized)
            {
                return Task.FromResult<PaperAccountSnapshot?>(null);
            }

            var totals = new List<Balance>(_totals.Count);
            foreach (var (asset, total) in _totals)
            {
                totals.Add(new Balance(asset, total, 0m));
            }

            var open = new List<TrackedOrder>();
            foreach (string id in _orderSequence)
            {
                if (!_orders[id].IsTerminal)
                {
                    open.Add(_orders[id]);
                }
            }

            return Task.FromResult<PaperAccountSnapshot?>(new PaperAccountSnapshot(totals, open));
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A step does not follow the stored order (e.g. an unknown order), or the account was never reset.</exception>
    public Task SaveAsync(PaperAccountChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            if (!_initialized)
            {
                throw new InvalidOperationException("The paper account has no starting balances yet: reset it first.");
            }

            // Check every step before changing anything, so a bad change leaves the store as it was.
            // Indexed, not foreach: the steps come as an interface, whose enumerator would be allocated per save.
            var steps = change.Steps;
            _seen.Clear();
            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                string id = step.Order.ClientOrderId;
                bool known = _orders.ContainsKey(id) || _seen.Contains(id);
                if (step.Kind == PaperOrderStepKind.Created ? known : !known)
                {
                    throw new InvalidOperationException(
                        $"Paper order {id}: step {step.Kind} does not fit the stored orders ({(known ? "already stored" : "unknown")}).");
                }

                _seen.Add(id);
            }

            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                string id = step.Order.ClientOrderId;
                if (step.Kind == PaperOrderStepKind.Created)
                {
                    _orderSequence.Add(id);
                }

                _orders[id] = step.Order;
                if (step.Fill is { } fill && _tradeIds.Add(fill.TradeId))
                {
                    _fills.Add(fill);
                }
            }

            for (int i = 0; i < change.Balances.Count; i++)
            {
                _totals[change.Balances[i].Asset] = change.Balances[i].Total;
            }

            ChangeCount++;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task ResetAsync(IReadOnlyList<Balance> totals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(totals);
        lock (_gate)
        {
            _totals.Clear();
            foreach (var balance in totals)
            {
                _totals[balance.Asset] = balance.Total;
            }

            _initialized = true;
            ChangeCount++;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Fill>> GetRecentFillsAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        lock (_gate)
        {
            var recent = new List<Fill>(Math.Min(max, _fills.Count));
            for (int i = _fills.Count - 1; i >= 0 && recent.Count < max; i--)
            {
                recent.Add(_fills[i]);
            }

            return Task.FromResult<IReadOnlyList<Fill>>(recent);
        }
    }
}
