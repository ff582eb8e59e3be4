using System.Collections.Concurrent;
using System.Globalization;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;
using Microsoft.Data.Sqlite;

namespace KrakenBot.Sandbox.Persistence;

/// <summary>
/// Keeps accounts (balances, nonce), orders and trades in SQLite so they survive a restart, and
/// every pair's public tape so the market data (ticker, OHLC, trades) does too.
/// The engine only marks what changed (cheap, under its locks); a background writer copies the
/// changes into the database in one transaction every 100 ms, and once more on dispose.
/// API secrets are never stored: accounts are matched by API key when the sandbox starts again.
/// </summary>
internal sealed partial class SqliteJournal : IExchangeJournal, IDisposable
{
    private readonly SqliteConnection _connection;
    private ExchangeEngine _exchange = null!;
    private readonly ConcurrentQueue<Order> _orders = new();
    private readonly ConcurrentQueue<Trade> _trades = new();
    private readonly ConcurrentDictionary<Account, byte> _accounts = new();
    private readonly Lock _flushGate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _writer;

    private SqliteJournal(SqliteConnection connection, long run)
    {
        _connection = connection;
        Run = run;
    }

    /// <summary>
    /// How many times this database has been opened (1 for a fresh one). Mixed into the id seed so
    /// a restarted sandbox never hands out an order or trade id it gave out before.
    /// </summary>
    public long Run { get; }

    public static SqliteJournal Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "sandbox.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO meta VALUES ('runs', 0) ON CONFLICT(name) DO NOTHING;
            UPDATE meta SET value = value + 1 WHERE name = 'runs';
            CREATE TABLE IF NOT EXISTS accounts (api_key TEXT PRIMARY KEY, nonce TEXT NOT NULL, traded_volume TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS balances (api_key TEXT NOT NULL, asset TEXT NOT NULL, total TEXT NOT NULL, deposits TEXT NOT NULL, PRIMARY KEY (api_key, asset));
            CREATE TABLE IF NOT EXISTS orders (txid TEXT PRIMARY KEY, api_key TEXT NOT NULL, pair TEXT NOT NULL, side INTEGER NOT NULL, kind INTEGER NOT NULL,
                limit_price TEXT NOT NULL, volume TEXT NOT NULL, viqc INTEGER NOT NULL, filled TEXT NOT NULL, cost TEXT NOT NULL, fee TEXT NOT NULL,
                tif INTEGER NOT NULL, post_only INTEGER NOT NULL, fee_in_base INTEGER NOT NULL, nompp INTEGER NOT NULL, stp INTEGER NOT NULL,
                userref INTEGER, cl_ord_id TEXT, open_time INTEGER NOT NULL, expire_time INTEGER, close_time INTEGER, priority_time INTEGER NOT NULL,
                status INTEGER NOT NULL, reason TEXT, amended INTEGER NOT NULL, hold TEXT NOT NULL, sequence INTEGER NOT NULL, trade_ids TEXT);
            CREATE TABLE IF NOT EXISTS order_triggers (txid TEXT PRIMARY KEY, price TEXT NOT NULL, price2 TEXT, reference TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS trades (txid TEXT PRIMARY KEY, api_key TEXT NOT NULL, trade_number INTEGER NOT NULL, pair TEXT NOT NULL,
                order_txid TEXT NOT NULL, side INTEGER NOT NULL, kind INTEGER NOT NULL, price TEXT NOT NULL, volume TEXT NOT NULL, cost TEXT NOT NULL,
                fee TEXT NOT NULL, fee_asset TEXT NOT NULL, maker INTEGER NOT NULL, time INTEGER NOT NULL);
            """);
        CreateTapeTable(connection);
        using var runs = connection.CreateCommand();
        runs.CommandText = "SELECT value FROM meta WHERE name = 'runs'";
        return new SqliteJournal(connection, (long)runs.ExecuteScalar()!);
    }

    /// <summary>
    /// Restores the accounts among <paramref name="configured"/> that the database knows (matched
    /// by API key; the secret comes from the configuration), with their balances, nonce high-water
    /// mark, orders (open ones back in the book, in priority order) and trades. Then starts writing.
    /// </summary>
    public void Load(ExchangeEngine exchange, IEnumerable<SandboxAccount> configured, AccountTier tier)
    {
        _exchange = exchange;
        var wanted = configured.ToDictionary(a => a.ApiKey, StringComparer.Ordinal);
        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT api_key, nonce, traded_volume FROM accounts"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var key = r.GetString(0);
                if (!wanted.TryGetValue(key, out var options)) continue;
                var account = _exchange.Accounts.Create(key, key, Convert.FromBase64String(options.ApiSecret), options.Permissions, tier);
                account.RestCounter = new Limits.RestCallCounter(tier, _exchange.Time);
                account.TradingCounters = new Limits.TradingCounters(tier, _exchange.Time);
                account.RestoreNonce(ulong.Parse(r.GetString(1), CultureInfo.InvariantCulture));
                account.TradedVolume = Dec(r.GetString(2));
                accounts[key] = account;
            }
        }
        using (var cmd = Command("SELECT api_key, asset, total, deposits FROM balances"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (!accounts.TryGetValue(r.GetString(0), out var account) || !_exchange.Markets.TryGetAsset(r.GetString(1), out var asset)) continue;
                lock (account.Gate) account.Restore(asset, Dec(r.GetString(2)), Dec(r.GetString(3)));
            }
        }

        var orders = new List<Order>();
        // Triggered orders' prices live beside the order row (the orders table predates them).
        using (var cmd = Command("SELECT o.*, t.price, t.price2, t.reference FROM orders o LEFT JOIN order_triggers t ON t.txid = o.txid ORDER BY o.sequence"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (!accounts.TryGetValue(r.GetString(1), out var account) || !_exchange.Markets.TryGetPair(r.GetString(2), out var pair)) continue;
                orders.Add(ReadOrder(r, account, pair));
            }
        }
        foreach (var order in orders.OrderBy(o => o.Sequence)) _exchange.Engine(order.Pair).Restore(order);

        using (var cmd = Command("SELECT * FROM trades ORDER BY time, trade_number"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (!accounts.TryGetValue(r.GetString(1), out var account) || !_exchange.Markets.TryGetPair(r.GetString(3), out var pair)
                    || !_exchange.Markets.TryGetAsset(r.GetString(11), out var feeAsset)) continue;
                var trade = new Trade
                {
                    Txid = r.GetString(0), Account = account, TradeNumber = r.GetInt64(2), Pair = pair, OrderTxid = r.GetString(4),
                    Side = (Side)r.GetInt32(5), OrderKind = (OrderKind)r.GetInt32(6), Price = Dec(r.GetString(7)), Volume = Dec(r.GetString(8)),
                    Cost = Dec(r.GetString(9)), Fee = Dec(r.GetString(10)), FeeAsset = feeAsset, Maker = r.GetInt64(12) != 0,
                    Time = new DateTimeOffset(r.GetInt64(13), TimeSpan.Zero),
                };
                lock (account.Gate) account.Trades.Add(trade);
                _exchange.Engine(pair).RestoreTradeNumber(trade.TradeNumber);
            }
        }
        LoadTape();
        _writer = Task.Run(WriteLoop);
    }

    private static Order ReadOrder(SqliteDataReader r, Account account, PairInfo pair)
    {
        long? Ticks(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        DateTimeOffset? Time(int i) => Ticks(i) is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
        return new Order
        {
            Txid = r.GetString(0), Account = account, Pair = pair, Side = (Side)r.GetInt32(3), Kind = (OrderKind)r.GetInt32(4),
            LimitPrice = Dec(r.GetString(5)), Volume = Dec(r.GetString(6)), VolumeInQuote = r.GetInt64(7) != 0,
            Filled = Dec(r.GetString(8)), Cost = Dec(r.GetString(9)), Fee = Dec(r.GetString(10)), TimeInForce = (TimeInForce)r.GetInt32(11),
            PostOnly = r.GetInt64(12) != 0, FeeInBase = r.GetInt64(13) != 0, NoMarketPriceProtection = r.GetInt64(14) != 0,
            Stp = (SelfTradePrevention)r.GetInt32(15), UserRef = r.IsDBNull(16) ? null : r.GetInt32(16), ClOrdId = r.IsDBNull(17) ? null : r.GetString(17),
            OpenTime = Time(18)!.Value, ExpireTime = Time(19), CloseTime = Time(20), PriorityTime = Time(21)!.Value,
            Status = (OrderStatus)r.GetInt32(22), Reason = r.IsDBNull(23) ? null : r.GetString(23), Amended = r.GetInt64(24) != 0,
            Hold = Dec(r.GetString(25)), Sequence = r.GetInt64(26),
            TradeIds = r.IsDBNull(27) || r.GetString(27).Length == 0 ? null : [.. r.GetString(27).Split(',')],
            Trigger = TriggerAt(r, 28),
            TriggeredLimit = TriggerAt(r, 29),
            TriggerReference = r.IsDBNull(30) ? null : r.GetString(30),
        };
    }

    private static TriggerPrice? TriggerAt(SqliteDataReader r, int i) =>
        !r.IsDBNull(i) && TriggerPrice.TryParse(r.GetString(i), out var price) ? price : null;

    // The exact text written back is the parse's input: percent offsets keep 4 decimals, others their own.
    private static string TriggerText(TriggerPrice price) =>
        (price.Sign is { } s ? s.ToString() : "") + Text(price.Value) + (price.IsPercent ? "%" : "");

    private void WriteTrigger(SqliteTransaction tx, Order o)
    {
        if (o.Trigger is not { } trigger) return;
        using var cmd = Command("INSERT OR IGNORE INTO order_triggers VALUES ($txid, $price, $price2, $reference)", tx);
        cmd.Parameters.AddWithValue("$txid", o.Txid);
        cmd.Parameters.AddWithValue("$price", TriggerText(trigger));
        cmd.Parameters.AddWithValue("$price2", o.TriggeredLimit is { } limit ? TriggerText(limit) : DBNull.Value);
        cmd.Parameters.AddWithValue("$reference", o.TriggerReference ?? "last");
        cmd.ExecuteNonQuery();
    }

    public void OrderChanged(Order order)
    {
        if (order.Account.ApiKey is null) return; // synthetic traders start afresh every run
        if (Interlocked.Exchange(ref order.JournalPending, 1) == 0) _orders.Enqueue(order);
    }

    public void TradeAdded(Trade trade)
    {
        if (trade.Account.ApiKey is not null) _trades.Enqueue(trade);
    }

    public void AccountChanged(Account account)
    {
        if (account.ApiKey is not null) _accounts.TryAdd(account, 0);
    }

    private async Task WriteLoop()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Flush();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes every pending change in one transaction.</summary>
    public void Flush()
    {
        lock (_flushGate)
        {
            if (_orders.IsEmpty && _trades.IsEmpty && _accounts.IsEmpty && _tape.IsEmpty) return;
            using var tx = _connection.BeginTransaction();
            while (_orders.TryDequeue(out var order))
            {
                Volatile.Write(ref order.JournalPending, 0);
                _exchange.Engine(order.Pair).Read(_ => { WriteOrder(tx, order); return 0; });
            }
            while (_trades.TryDequeue(out var trade)) WriteTrade(tx, trade);
            WriteTape(tx);
            foreach (var account in _accounts.Keys)
            {
                _accounts.TryRemove(account, out _);
                WriteAccount(tx, account);
            }
            tx.Commit();
        }
    }

    private void WriteOrder(SqliteTransaction tx, Order o)
    {
        using var cmd = Command("""
            INSERT OR REPLACE INTO orders VALUES ($txid, $key, $pair, $side, $kind, $price, $volume, $viqc, $filled, $cost, $fee, $tif, $post, $fcib,
                $nompp, $stp, $userref, $clid, $open, $expire, $close, $priority, $status, $reason, $amended, $hold, $seq, $trades)
            """, tx);
        cmd.Parameters.AddWithValue("$txid", o.Txid);
        cmd.Parameters.AddWithValue("$key", o.Account.ApiKey);
        cmd.Parameters.AddWithValue("$pair", o.Pair.Id);
        cmd.Parameters.AddWithValue("$side", (int)o.Side);
        cmd.Parameters.AddWithValue("$kind", (int)o.Kind);
        cmd.Parameters.AddWithValue("$price", Text(o.LimitPrice));
        cmd.Parameters.AddWithValue("$volume", Text(o.Volume));
        cmd.Parameters.AddWithValue("$viqc", o.VolumeInQuote ? 1 : 0);
        cmd.Parameters.AddWithValue("$filled", Text(o.Filled));
        cmd.Parameters.AddWithValue("$cost", Text(o.Cost));
        cmd.Parameters.AddWithValue("$fee", Text(o.Fee));
        cmd.Parameters.AddWithValue("$tif", (int)o.TimeInForce);
        cmd.Parameters.AddWithValue("$post", o.PostOnly ? 1 : 0);
        cmd.Parameters.AddWithValue("$fcib", o.FeeInBase ? 1 : 0);
        cmd.Parameters.AddWithValue("$nompp", o.NoMarketPriceProtection ? 1 : 0);
        cmd.Parameters.AddWithValue("$stp", (int)o.Stp);
        cmd.Parameters.AddWithValue("$userref", (object?)o.UserRef ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$clid", (object?)o.ClOrdId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$open", o.OpenTime.UtcTicks);
        cmd.Parameters.AddWithValue("$expire", (object?)o.ExpireTime?.UtcTicks ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$close", (object?)o.CloseTime?.UtcTicks ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$priority", o.PriorityTime.UtcTicks);
        cmd.Parameters.AddWithValue("$status", (int)o.Status);
        cmd.Parameters.AddWithValue("$reason", (object?)o.Reason ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$amended", o.Amended ? 1 : 0);
        cmd.Parameters.AddWithValue("$hold", Text(o.Hold));
        cmd.Parameters.AddWithValue("$seq", o.Sequence);
        cmd.Parameters.AddWithValue("$trades", o.TradeIds is null ? DBNull.Value : string.Join(',', o.TradeIds));
        cmd.ExecuteNonQuery();
        WriteTrigger(tx, o);
    }

    private void WriteTrade(SqliteTransaction tx, Trade t)
    {
        using var cmd = Command("""
            INSERT OR REPLACE INTO trades VALUES ($txid, $key, $number, $pair, $order, $side, $kind, $price, $volume, $cost, $fee, $feeAsset, $maker, $time)
            """, tx);
        cmd.Parameters.AddWithValue("$txid", t.Txid);
        cmd.Parameters.AddWithValue("$key", t.Account.ApiKey);
        cmd.Parameters.AddWithValue("$number", t.TradeNumber);
        cmd.Parameters.AddWithValue("$pair", t.Pair.Id);
        cmd.Parameters.AddWithValue("$order", t.OrderTxid);
        cmd.Parameters.AddWithValue("$side", (int)t.Side);
        cmd.Parameters.AddWithValue("$kind", (int)t.OrderKind);
        cmd.Parameters.AddWithValue("$price", Text(t.Price));
        cmd.Parameters.AddWithValue("$volume", Text(t.Volume));
        cmd.Parameters.AddWithValue("$cost", Text(t.Cost));
        cmd.Parameters.AddWithValue("$fee", Text(t.Fee));
        cmd.Parameters.AddWithValue("$feeAsset", t.FeeAsset.Id);
        cmd.Parameters.AddWithValue("$maker", t.Maker ? 1 : 0);
        cmd.Parameters.AddWithValue("$time", t.Time.UtcTicks);
        cmd.ExecuteNonQuery();
    }

    private void WriteAccount(SqliteTransaction tx, Account account)
    {
        var rows = new List<(string Asset, decimal Total, decimal Deposits)>();
        decimal volume;
        lock (account.Gate)
        {
            volume = account.TradedVolume;
            foreach (var asset in _exchange.Markets.Assets)
                if (account.Total(asset) != 0m || account.Deposits(asset) != 0m) rows.Add((asset.Id, account.Total(asset), account.Deposits(asset)));
        }
        using (var cmd = Command("INSERT OR REPLACE INTO accounts VALUES ($key, $nonce, $volume)", tx))
        {
            cmd.Parameters.AddWithValue("$key", account.ApiKey);
            cmd.Parameters.AddWithValue("$nonce", account.NonceHighWater.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$volume", Text(volume));
            cmd.ExecuteNonQuery();
        }
        foreach (var (asset, total, deposits) in rows)
        {
            using var cmd = Command("INSERT OR REPLACE INTO balances VALUES ($key, $asset, $total, $deposits)", tx);
            cmd.Parameters.AddWithValue("$key", account.ApiKey);
            cmd.Parameters.AddWithValue("$asset", asset);
            cmd.Parameters.AddWithValue("$total", Text(total));
            cmd.Parameters.AddWithValue("$deposits", Text(deposits));
            cmd.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _stop.Cancel();
        try { _writer?.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        Flush();
        _connection.Dispose();
        _stop.Dispose();
    }
}
