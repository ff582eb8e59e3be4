using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// A paper account's money: the total per asset and what each open order holds. Available = total − held, so a hold
/// takes effect the moment it is set. Its writes are logged while a change is built (see <see cref="PaperState"/>).
/// </summary>
internal sealed class PaperLedger
{
    private readonly LoggedMap<string, decimal> _totals = new(StringComparer.Ordinal);
    private readonly LoggedMap<string, PaperHold> _holds = new(StringComparer.Ordinal);

    /// <summary>Every asset the account has or had.</summary>
    public Dictionary<string, decimal>.KeyCollection Assets => _totals.Keys; // not an interface: read without an enumerator allocated

    public decimal Total(string asset) => _totals.GetValueOrDefault(asset);

    public decimal Held(string asset)
    {
        decimal held = 0m;
        foreach (var hold in _holds.Values)
        {
            if (hold.Asset == asset)
            {
                held += hold.Amount;
            }
        }

        return held;
    }

    public decimal Available(string asset) => Total(asset) - Held(asset);

    public PaperHold? HoldOf(string clientOrderId) => _holds.TryGetValue(clientOrderId, out var hold) ? hold : null;

    /// <summary>The balance of an asset. Throws when holds exceed the total: that is a bug in the engine, never stored.</summary>
    public Balance BalanceOf(string asset)
    {
        decimal total = Total(asset);
        decimal held = Held(asset);
        if (held > total || total < 0)
        {
            throw new InvalidOperationException(
                $"Paper ledger error: {asset} total {total} with {held} held; refusing to store a negative balance.");
        }

        return Balance.FromTotal(asset, total, held);
    }

    public void SetTotal(string asset, decimal total) => _totals[asset] = total;

    public void Add(string asset, decimal amount) => _totals[asset] = Total(asset) + amount;

    /// <summary>Sets (or replaces) what an order holds; zero removes the hold.</summary>
    public void SetHold(string clientOrderId, string asset, decimal amount)
    {
        if (amount <= 0)
        {
            _holds.Remove(clientOrderId);
            return;
        }

        _holds[clientOrderId] = new PaperHold(asset, amount);
        _totals.TryAdd(asset, 0m);
    }

    public void Release(string clientOrderId) => _holds.Remove(clientOrderId);

    public void ClearTotals() => _totals.Clear();

    public void BeginLog()
    {
        _totals.BeginLog();
        _holds.BeginLog();
    }

    public void Undo()
    {
        _totals.Undo();
        _holds.Undo();
    }

    public void Redo()
    {
        _totals.Redo();
        _holds.Redo();
    }

    public void EndLog()
    {
        _totals.EndLog();
        _holds.EndLog();
    }
}

/// <summary>What one open order holds: an amount of one asset.</summary>
internal readonly record struct PaperHold(string Asset, decimal Amount);
