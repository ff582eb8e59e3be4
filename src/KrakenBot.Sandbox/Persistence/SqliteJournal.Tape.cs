using System.Collections.Concurrent;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;
using Microsoft.Data.Sqlite;

namespace KrakenBot.Sandbox.Persistence;

// The public tape: every pair's trades (synthetic traders' included), so a restarted sandbox shows the same ticker,
// candles and recent trades. Only the last day is kept (plus each pair's newest trade, the last price).
internal sealed partial class SqliteJournal
{
    /// <summary>How much of the tape is kept: the ticker's window, plus an hour of slack.</summary>
    public static readonly TimeSpan TapeKept = TimeSpan.FromHours(25);

    /// <summary>Tape rows written between two prunes of a long run.</summary>
    private const int PruneEvery = 100_000;

    private readonly ConcurrentQueue<(PairInfo Pair, PublicTrade Trade)> _tape = new();
    private int _tapeRowsSincePrune;

    private static void CreateTapeTable(SqliteConnection connection) => Execute(connection, """
        CREATE TABLE IF NOT EXISTS public_trades (pair TEXT NOT NULL, trade_number INTEGER NOT NULL, price TEXT NOT NULL, quantity TEXT NOT NULL,
            time INTEGER NOT NULL, taker_side INTEGER NOT NULL, taker_kind INTEGER NOT NULL, PRIMARY KEY (pair, trade_number));
        """);

    public void PublicTradeRecorded(PairInfo pair, in PublicTrade trade) => _tape.Enqueue((pair, trade));

    /// <summary>Drops what the window no longer needs, then replays the rest into each pair's market data.</summary>
    private void LoadTape()
    {
        PruneTape(null);

        var byPair = new Dictionary<PairInfo, List<PublicTrade>>();
        using (var cmd = Command("SELECT pair, trade_number, price, quantity, time, taker_side, taker_kind FROM public_trades ORDER BY pair, trade_number"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (!_exchange.Markets.TryGetPair(r.GetString(0), out var pair)) continue;
                if (!byPair.TryGetValue(pair, out var list)) byPair[pair] = list = [];
                list.Add(new PublicTrade(r.GetInt64(1), Dec(r.GetString(2)), Dec(r.GetString(3)), new DateTimeOffset(r.GetInt64(4), TimeSpan.Zero),
                    (Side)r.GetInt32(5), (OrderKind)r.GetInt32(6)));
            }
        }
        foreach (var (pair, trades) in byPair) _exchange.Engine(pair).RestoreTape(trades);
    }

    /// <summary>Deletes trades older than <see cref="TapeKept"/> on the sandbox's clock, except each pair's newest.</summary>
    private void PruneTape(SqliteTransaction? tx)
    {
        using var prune = Command("""
            DELETE FROM public_trades WHERE time < $cutoff
                AND trade_number < (SELECT MAX(p.trade_number) FROM public_trades p WHERE p.pair = public_trades.pair)
            """, tx);
        prune.Parameters.AddWithValue("$cutoff", (_exchange.Time.GetUtcNow() - TapeKept).UtcTicks);
        prune.ExecuteNonQuery();
        _tapeRowsSincePrune = 0;
    }

    private void WriteTape(SqliteTransaction tx)
    {
        if (_tape.IsEmpty) return;
        using var cmd = Command("INSERT OR REPLACE INTO public_trades VALUES ($pair, $number, $price, $quantity, $time, $side, $kind)", tx);
        var pair = cmd.Parameters.Add("$pair", SqliteType.Text);
        var number = cmd.Parameters.Add("$number", SqliteType.Integer);
        var price = cmd.Parameters.Add("$price", SqliteType.Text);
        var quantity = cmd.Parameters.Add("$quantity", SqliteType.Text);
        var time = cmd.Parameters.Add("$time", SqliteType.Integer);
        var side = cmd.Parameters.Add("$side", SqliteType.Integer);
        var kind = cmd.Parameters.Add("$kind", SqliteType.Integer);
        cmd.Prepare();
        while (_tape.TryDequeue(out var item))
        {
            pair.Value = item.Pair.Id;
            number.Value = item.Trade.TradeNumber;
            price.Value = Text(item.Trade.Price);
            quantity.Value = Text(item.Trade.Quantity);
            time.Value = item.Trade.Time.UtcTicks;
            side.Value = (int)item.Trade.TakerSide;
            kind.Value = (int)item.Trade.TakerKind;
            cmd.ExecuteNonQuery();
            _tapeRowsSincePrune++;
        }
        if (_tapeRowsSincePrune >= PruneEvery) PruneTape(tx);
    }
}
