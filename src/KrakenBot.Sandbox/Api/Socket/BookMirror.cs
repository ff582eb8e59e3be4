using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// A copy of one pair's aggregated book, kept from the engine's level events while anyone
/// subscribes to it. It knows each level's rank, which is what a depth-N subscriber needs: which
/// changes are inside its top N, and which level enters the top N when one inside is removed.
/// </summary>
internal sealed class BookMirror
{
    public BookMirror() { }

    public MirrorSide Bids { get; } = new(descending: true);
    public MirrorSide Asks { get; } = new(descending: false);

    public MirrorSide For(Side side) => side == Side.Buy ? Bids : Asks;

    /// <summary>One side, best price first.</summary>
    internal sealed class MirrorSide : IBookView
    {
        private readonly SortedList<decimal, decimal> _levels;

        public MirrorSide(bool descending) =>
            _levels = new SortedList<decimal, decimal>(descending ? Comparer<decimal>.Create(static (a, b) => b.CompareTo(a)) : Comparer<decimal>.Default);

        public int Count => _levels.Count;

        public (decimal Price, decimal Quantity) LevelAt(int rank) => (_levels.Keys[rank], _levels.Values[rank]);

        public void Load(BookLevel[] levels)
        {
            _levels.Clear();
            foreach (var level in levels) _levels[level.Price] = level.Quantity;
        }

        /// <summary>Applies a level change; returns the level's rank before it (-1 if it was absent).</summary>
        public int Apply(decimal price, decimal quantity)
        {
            var before = _levels.IndexOfKey(price);
            if (quantity == 0m)
            {
                if (before >= 0) _levels.RemoveAt(before);
            }
            else
            {
                _levels[price] = quantity;
            }
            return before;
        }

        public int RankOf(decimal price) => _levels.IndexOfKey(price);
    }
}
