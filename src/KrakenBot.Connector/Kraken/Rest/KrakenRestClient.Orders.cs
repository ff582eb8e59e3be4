using System.Runtime.CompilerServices;
using KrakenBot.Connector.Kraken.Rest.Internal;

namespace KrakenBot.Connector.Kraken.Rest;

// Private order and own-trade queries. Read-only: retried on transient failures.
internal sealed partial class KrakenRestClient
{
    /// <summary>Kraken accepts at most 50 txids per QueryOrders call.</summary>
    internal const int QueryOrdersChunk = 50;
    /// <summary>Kraken accepts at most 20 txids per QueryTrades call.</summary>
    internal const int QueryTradesChunk = 20;

    /// <summary>Open orders (<c>OpenOrders</c>), optionally filtered by client order id or userref.</summary>
    public Task<IReadOnlyList<KrakenOrder>> GetOpenOrdersAsync(bool includeTrades = false, string? clientOrderId = null, long? userRef = null,
        CancellationToken cancellationToken = default)
    {
        var form = new KrakenForm().AddFlag("trades", includeTrades).AddIfSet("cl_ord_id", clientOrderId).AddIfSet("userref", userRef);
        return CallAsync(KrakenEndpoint.OpenOrders, form, KrakenOrderParser.ParseOpenOrders, cancellationToken);
    }

    /// <summary>One page of closed orders (<c>ClosedOrders</c>, 50 per page, newest first) starting at <paramref name="offset"/>.</summary>
    public Task<KrakenClosedOrdersPage> GetClosedOrdersAsync(KrakenClosedOrdersQuery? query = null, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        query ??= new KrakenClosedOrdersQuery();
        var form = new KrakenForm()
            .AddFlag("trades", query.IncludeTrades)
            .AddIfSet("userref", query.UserRef)
            .AddIfSet("cl_ord_id", query.ClientOrderId)
            .AddIfSet("start", query.Start)
            .AddIfSet("end", query.End)
            .AddIfSet("closetime", query.CloseTime)
            .AddIf(offset > 0, "ofs", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return CallAsync(KrakenEndpoint.ClosedOrders, form, KrakenOrderParser.ParseClosedOrders, cancellationToken);
    }

    /// <summary>
    /// Every closed order matching <paramref name="query"/>, walking the pages by offset. Orders that close while
    /// walking push older ones to later offsets; those repeats are skipped, so each order is yielded once.
    /// </summary>
    public async IAsyncEnumerable<KrakenOrder> GetAllClosedOrdersAsync(KrakenClosedOrdersQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int offset = 0;
        while (true)
        {
            KrakenClosedOrdersPage page = await GetClosedOrdersAsync(query, offset, cancellationToken).ConfigureAwait(false);
            foreach (KrakenOrder order in page.Orders)
            {
                if (seen.Add(order.TxId)) yield return order;
            }
            offset += page.Orders.Count;
            if (page.Orders.Count == 0 || offset >= page.TotalCount) yield break;
        }
    }

    /// <summary>Orders by txid (<c>QueryOrders</c>), sent in calls of at most 50 ids.</summary>
    public async Task<IReadOnlyList<KrakenOrder>> QueryOrdersAsync(IEnumerable<string> txids, bool includeTrades = false,
        CancellationToken cancellationToken = default)
    {
        var orders = new List<KrakenOrder>();
        foreach (string[] chunk in Chunk(txids, QueryOrdersChunk))
        {
            var form = new KrakenForm().Add("txid", string.Join(',', chunk)).AddFlag("trades", includeTrades);
            orders.AddRange(await CallAsync(KrakenEndpoint.QueryOrders, form, KrakenOrderParser.ParseOrderMap, cancellationToken).ConfigureAwait(false));
        }
        return orders;
    }

    /// <summary>One page of the account's trades (<c>TradesHistory</c>, 50 per page, newest first; costs 2 on the REST counter).</summary>
    public Task<KrakenTradesPage> GetTradesHistoryAsync(KrakenTradesHistoryQuery? query = null, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        query ??= new KrakenTradesHistoryQuery();
        var form = new KrakenForm()
            .AddIfSet("type", query.Type)
            .AddIfSet("start", query.Start)
            .AddIfSet("end", query.End)
            .AddIf(offset > 0, "ofs", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return CallAsync(KrakenEndpoint.TradesHistory, form, KrakenOrderParser.ParseTradesHistory, cancellationToken);
    }

    /// <summary>Every trade matching <paramref name="query"/>, walking the pages by offset; each trade is yielded once.</summary>
    public async IAsyncEnumerable<KrakenTrade> GetAllTradesHistoryAsync(KrakenTradesHistoryQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int offset = 0;
        while (true)
        {
            KrakenTradesPage page = await GetTradesHistoryAsync(query, offset, cancellationToken).ConfigureAwait(false);
            foreach (KrakenTrade trade in page.Trades)
            {
                if (seen.Add(trade.TradeTxId)) yield return trade;
            }
            offset += page.Trades.Count;
            if (page.Trades.Count == 0 || offset >= page.TotalCount) yield break;
        }
    }

    /// <summary>The account's trades by trade txid (<c>QueryTrades</c>), sent in calls of at most 20 ids.</summary>
    public async Task<IReadOnlyList<KrakenTrade>> QueryTradesAsync(IEnumerable<string> txids, CancellationToken cancellationToken = default)
    {
        var trades = new List<KrakenTrade>();
        foreach (string[] chunk in Chunk(txids, QueryTradesChunk))
        {
            var form = new KrakenForm().Add("txid", string.Join(',', chunk));
            trades.AddRange(await CallAsync(KrakenEndpoint.QueryTrades, form, KrakenOrderParser.ParseTradeMap, cancellationToken).ConfigureAwait(false));
        }
        return trades;
    }

    /// <summary>Splits ids into calls of at most <paramref name="size"/>, refusing empty ids up front.</summary>
    private static string[][] Chunk(IEnumerable<string> ids, int size)
    {
        ArgumentNullException.ThrowIfNull(ids);
        string[] all = [.. ids];
        foreach (string id in all)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An id in the list is empty.", nameof(ids));
        }
        return [.. all.Chunk(size)];
    }
}
