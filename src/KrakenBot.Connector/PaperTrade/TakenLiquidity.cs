using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// What our taker fills took from visible book levels that the real book cannot show (our orders never reach it).
/// While a level keeps the amount it had when we took from it, the part we took is not offered again; once the
/// level changes, the real book has moved on and the level counts in full.
/// </summary>
internal sealed class TakenLiquidity
{
    private readonly LoggedMap<(TradingPair Pair, decimal Price, bool IsAsk), (decimal BookAmount, decimal Taken)> _levels = new();

    private readonly List<(TradingPair, decimal, bool)> _stale = []; // Forget's scratch, reused

    public void BeginLog() => _levels.BeginLog();

    public void Undo() => _levels.Undo();

    public void Redo() => _levels.Redo();

    public void EndLog() => _levels.EndLog();

    /// <summary>The part of <paramref name="level"/> still available to us.</summary>
    public decimal Available(TradingPair pair, bool isAsk, BookLevel level) =>
        _levels.TryGetValue((pair, level.Price, isAsk), out var taken) && taken.BookAmount == level.Amount
            ? Math.Max(0m, level.Amount - taken.Taken)
            : level.Amount;

    /// <summary>Records that we took <paramref name="amount"/> from <paramref name="level"/>.</summary>
    public void Take(TradingPair pair, bool isAsk, BookLevel level, decimal amount)
    {
        decimal already = level.Amount - Available(pair, isAsk, level);
        _levels[(pair, level.Price, isAsk)] = (level.Amount, already + amount);
    }

    /// <summary>Forgets levels of one side that are gone from the book or changed since we took from them.</summary>
    public void Forget(TradingPair pair, bool isAsk, IReadOnlyList<BookLevel> current)
    {
        _stale.Clear();
        foreach (var (key, taken) in _levels)
        {
            if (key.Pair == pair && key.IsAsk == isAsk && !Contains(current, key.Price, taken.BookAmount))
            {
                _stale.Add(key);
            }
        }

        foreach (var key in _stale)
        {
            _levels.Remove(key);
        }
    }

    private static bool Contains(IReadOnlyList<BookLevel> levels, decimal price, decimal amount)
    {
        for (int i = 0; i < levels.Count; i++) // indexed: an interface's enumerator would be allocated per call
        {
            if (levels[i].Price == price)
            {
                return levels[i].Amount == amount;
            }
        }

        return false;
    }
}
