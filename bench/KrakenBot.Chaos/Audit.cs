using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Chaos;

/// <summary>The six counters of the result line; every one must be 0. See README.md for the exact definitions.</summary>
internal sealed record AuditResult(int Fills, int LostOrders, int DuplicateOrders, int OrphanOrders, int MissedFills, int DoubleFills,
    int BalanceMismatches, IReadOnlyList<string> Findings)
{
    public bool Clean => LostOrders + DuplicateOrders + OrphanOrders + MissedFills + DoubleFills + BalanceMismatches == 0;
}

/// <summary>Compares the connector's journal (and its reported balances) with the sandbox's ground truth.</summary>
internal static class Audit
{
    public static async Task<AuditResult> RunAsync(SandboxHost sandbox, string apiKey, string journalPath,
        IReadOnlyDictionary<string, (decimal Total, decimal Held)>? connectorBalances)
    {
        var journalOrders = await ReadJournalAsync(journalPath, apiKey);
        var truth = SandboxTruth.Read(sandbox, apiKey);
        var findings = new List<string>();
        int lost = 0, duplicate = 0, orphan = 0, missed = 0, doubled = 0;

        var exchangeByClientId = truth.Orders.Where(o => o.ClOrdId is not null).GroupBy(o => o.ClOrdId!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (clientId, copies) in exchangeByClientId)
        {
            if (copies.Count <= 1) continue;
            duplicate += copies.Count - 1;
            findings.Add($"duplicate: {clientId} placed {copies.Count} times ({string.Join(", ", copies.Select(o => o.Txid))})");
        }

        foreach (var order in truth.Orders)
        {
            if (order.ClOrdId is null || !journalOrders.TryGetValue(order.ClOrdId, out var mine))
            {
                orphan++;
                findings.Add($"orphan: {order} ({order.Status}) is unknown to the journal");
            }
            else if (mine.State == OrderState.Failed)
            {
                orphan++;
                findings.Add($"orphan: {order} ({order.Status}) is journaled as failed ({mine.FailureReason})");
            }
        }

        var trades = truth.Trades.ToDictionary(t => t.Txid);
        var journalTradeIds = new HashSet<string>(StringComparer.Ordinal);
        int fills = 0;
        foreach (var mine in journalOrders.Values)
        {
            foreach (var fill in mine.Fills)
            {
                fills++;
                journalTradeIds.Add(fill.TradeId);
                if (!trades.TryGetValue(fill.TradeId, out var trade) || trade.Volume != fill.Amount || trade.Price != fill.Price
                    || !exchangeByClientId.TryGetValue(mine.ClientOrderId, out var owners) || owners.All(o => o.Txid != trade.OrderTxid))
                {
                    doubled++;
                    findings.Add($"double fill: journal fill {fill.TradeId} {fill.Amount}@{fill.Price} of {mine.ClientOrderId} does not match the exchange's");
                }
            }
            if (mine.State == OrderState.Failed) continue;
            if (!exchangeByClientId.TryGetValue(mine.ClientOrderId, out var theirs))
            {
                lost++;
                findings.Add($"lost: {mine} is not on the exchange");
                continue;
            }
            var truthOrder = theirs[0];
            if (!SameState(mine, truthOrder) || mine.FilledAmount != truthOrder.Filled || (mine.ExchangeOrderId is { } txid && txid != truthOrder.Txid))
            {
                lost++;
                findings.Add($"lost: journal says {mine.State} {mine.FilledAmount} filled ({mine.ExchangeOrderId}); exchange says {truthOrder.Status} {truthOrder.Filled} filled ({truthOrder.Txid})");
            }
        }
        foreach (var trade in truth.Trades)
        {
            if (journalTradeIds.Contains(trade.Txid)) continue;
            missed++;
            findings.Add($"missed fill: {trade.Txid} {trade.Volume}@{trade.Price} of {trade.OrderTxid}");
        }

        int balances = 0;
        foreach (var (asset, (total, held)) in truth.Balances)
        {
            var mine = connectorBalances is not null && connectorBalances.TryGetValue(asset, out var b) ? b : (0m, 0m);
            if (mine.Item1 == total && mine.Item2 == held) continue;
            balances++;
            findings.Add($"balance: {asset} exchange total {total} held {held}; connector total {mine.Item1} held {mine.Item2}");
        }
        if (connectorBalances is not null)
        {
            foreach (var (asset, (total, held)) in connectorBalances)
            {
                if (truth.Balances.ContainsKey(asset) || (total == 0m && held == 0m)) continue;
                balances++;
                findings.Add($"balance: {asset} unknown to the exchange; connector total {total} held {held}");
            }
        }
        return new AuditResult(fills, lost, duplicate, orphan, missed, doubled, balances, findings);
    }

    /// <summary>Counts only the balance part (used while waiting for the connector's balances to converge).</summary>
    public static int BalanceMismatches(SandboxHost sandbox, string apiKey, IReadOnlyDictionary<string, (decimal Total, decimal Held)> mine)
    {
        var truth = SandboxTruth.Read(sandbox, apiKey).Balances;
        int n = 0;
        foreach (var (asset, (total, held)) in truth)
            if (!mine.TryGetValue(asset, out var b) || b.Total != total || b.Held != held) n++;
        foreach (var (asset, b) in mine)
            if (!truth.ContainsKey(asset) && (b.Total != 0m || b.Held != 0m)) n++;
        return n;
    }

    private static bool SameState(TrackedOrder mine, Order truth) => truth.Status switch
    {
        OrderStatus.Pending or OrderStatus.Open => mine.State is OrderState.Open or OrderState.PartiallyFilled,
        OrderStatus.Closed => mine.State == OrderState.Filled,
        OrderStatus.Canceled => mine.State == OrderState.Cancelled,
        OrderStatus.Expired => mine.State is OrderState.Expired or OrderState.Cancelled,
        _ => false,
    };

    private static async Task<Dictionary<string, TrackedOrder>> ReadJournalAsync(string path, string apiKey)
    {
        await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path, ReadOnly = true });
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken(apiKey));
        var result = new Dictionary<string, TrackedOrder>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = HistoryQuery.MaxPageSize, PageToken = token });
            foreach (var order in page.Items) result[order.ClientOrderId] = order;
            token = page.NextPageToken;
        }
        while (token is not null);
        return result;
    }
}

/// <summary>The trader's account as the sandbox's engine holds it, copied under the account's lock.</summary>
internal sealed record SandboxTruth(IReadOnlyList<Order> Orders, IReadOnlyList<Trade> Trades, IReadOnlyDictionary<string, (decimal Total, decimal Held)> Balances)
{
    public static SandboxTruth Read(SandboxHost sandbox, string apiKey)
    {
        if (!sandbox.Exchange.Accounts.TryGetByKey(apiKey, out var account)) throw new InvalidOperationException("The trader's account is missing from the sandbox.");
        lock (account.Gate)
        {
            var orders = new List<Order>(account.OpenOrders.Values);
            for (int i = 0; i < account.ClosedOrders.Count; i++) orders.Add(account.ClosedOrders[i]);
            var trades = new List<Trade>(account.Trades.Count);
            for (int i = 0; i < account.Trades.Count; i++) trades.Add(account.Trades[i]);
            var balances = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal);
            foreach (var asset in sandbox.Exchange.Markets.Assets)
            {
                decimal total = account.Total(asset), held = account.Held(asset);
                if (total != 0m || held != 0m) balances[asset.WsName] = (total, held);
            }
            return new SandboxTruth(orders, trades, balances);
        }
    }
}
