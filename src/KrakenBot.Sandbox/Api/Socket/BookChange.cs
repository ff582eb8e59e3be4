namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// What a depth-N subscriber must receive for one level change so its truncated book stays
/// exactly the top N: the level itself when it is (or was) inside, and the level that slides into
/// rank N-1 when one inside is removed. Kraken sends no delete for levels that merely fall out.
/// </summary>
internal static class BookChange
{
    /// <summary>Fills <paramref name="levels"/> (room for 2) and returns how many to send.</summary>
    public static int ForDepth(BookMirror.MirrorSide side, decimal price, decimal quantity, int rankBefore, int depth,
        Span<(decimal Price, decimal Quantity)> levels)
    {
        if (quantity != 0m)
        {
            if (side.RankOf(price) >= depth) return 0;
            levels[0] = (price, quantity);
            return 1;
        }
        if (rankBefore < 0 || rankBefore >= depth) return 0;
        levels[0] = (price, 0m);
        if (side.Count < depth) return 1;
        levels[1] = side.LevelAt(depth - 1);
        return 2;
    }
}
