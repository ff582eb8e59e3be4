using System.Globalization;
using System.Text;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Tests.Catalog;
using KrakenBot.Connector.Tests.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Connector.Tests.Orders;

/// <summary>
/// A tracker over a real journal file, the execution mapper and the events they raise, on a fake clock. Orders are
/// added as the placer would (journaled before anything is "sent").
/// </summary>
internal sealed class OrdersTestKit : IAsyncDisposable
{
    public static readonly TradingPair BtcUsd = new("BTC", "USD");

    private readonly List<ExchangeEvent> _events = [];

    private OrdersTestKit(TempJournalDirectory directory, TradingJournal journal, AccountJournal account)
    {
        Directory = directory;
        Journal = journal;
        Account = account;
        Catalog = new MarketCatalog(KrakenExampleMarkets.Assets, KrakenExampleMarkets.Pairs);
        Hub = new ExchangeEventHub(this, NullLogger.Instance);
        Hub.EventRaised += (_, e) => { lock (_events) _events.Add(e); };
        Tracker = new OrderTracker(account, Hub, Time, NullLogger.Instance);
        Mapper = new ExecutionMapper(Tracker, Catalog, Time, NullLogger.Instance);
        Mapper.ReconciliationNeeded += reason => { lock (ReconciliationReasons) ReconciliationReasons.Add(reason); };
    }

    public static async Task<OrdersTestKit> CreateAsync()
    {
        var directory = new TempJournalDirectory();
        var journal = await TradingJournal.OpenAsync(directory.Options());
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken("test-key"));
        return new OrdersTestKit(directory, journal, account);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    public TempJournalDirectory Directory { get; }
    public TradingJournal Journal { get; }
    public AccountJournal Account { get; }
    public MarketCatalog Catalog { get; }
    public ExchangeEventHub Hub { get; }
    public OrderTracker Tracker { get; }
    public ExecutionMapper Mapper { get; }
    public List<string> ReconciliationReasons { get; } = [];

    /// <summary>Every event raised so far (once the handlers have been handed them).</summary>
    public IReadOnlyList<ExchangeEvent> Events
    {
        get
        {
            WaitForHandlers();
            lock (_events) return [.. _events];
        }
    }

    /// <summary>Waits until the hub's handlers have been handed every event published so far.</summary>
    public void WaitForHandlers() => Hub.WhenDeliveredAsync().WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();

    public List<T> EventsOf<T>() where T : ExchangeEvent => [.. Events.OfType<T>()];

    /// <summary>A journaled limit buy, pending create, as the placer leaves it before sending.</summary>
    public TrackedOrder AddBuy(string clientId, decimal amount, decimal price = 30000m)
    {
        var order = TrackedOrder.Create(clientId, OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount, price), Time.GetUtcNow());
        Tracker.Add(order);
        return order;
    }

    /// <summary>Applies one executions frame and waits until the handlers have seen what it raised.</summary>
    public void Feed(string frame)
    {
        Mapper.OnFrame(Encoding.UTF8.GetBytes(frame));
        WaitForHandlers();
    }

    public async ValueTask DisposeAsync()
    {
        await Journal.DisposeAsync();
        Directory.Dispose();
    }
}

/// <summary>Executions frames in the shape Kraken sends (API-addendum §2.1).</summary>
internal static class Exec
{
    public static string Update(params string[] entries) =>
        $$"""{"channel":"executions","type":"update","data":[{{string.Join(",", entries)}}],"sequence":1}""";

    public static string Snapshot(params string[] entries) =>
        $$"""{"channel":"executions","type":"snapshot","data":[{{string.Join(",", entries)}}],"sequence":1}""";

    public static string PendingNew(string orderId, string clientId) =>
        $$"""{"order_id":"{{orderId}}","cl_ord_id":"{{clientId}}","exec_type":"pending_new","order_status":"pending_new","symbol":"BTC/USD","side":"buy","order_type":"limit","cum_qty":0,"timestamp":"2026-11-26T10:00:00.000000Z"}""";

    public static string New(string orderId, string clientId) =>
        $$"""{"order_id":"{{orderId}}","cl_ord_id":"{{clientId}}","exec_type":"new","order_status":"new","timestamp":"2026-11-26T10:00:00.100000Z"}""";

    public static string Trade(string orderId, string clientId, string execId, decimal qty, decimal price, decimal cumQty, decimal fee = 0.5m) =>
        $$"""{"order_id":"{{orderId}}","cl_ord_id":"{{clientId}}","exec_id":"{{execId}}","exec_type":"trade","trade_id":1,"symbol":"BTC/USD","side":"buy","last_qty":{{N(qty)}},"last_price":{{N(price)}},"liquidity_ind":"m","cost":{{N(qty * price)}},"order_type":"limit","timestamp":"2026-11-26T10:00:01.000000Z","order_status":"partially_filled","cum_qty":{{N(cumQty)}},"fees":[{"asset":"USD","qty":{{N(fee)}}}]}""";

    public static string Filled(string orderId, string clientId, decimal cumQty) =>
        $$"""{"order_id":"{{orderId}}","cl_ord_id":"{{clientId}}","exec_type":"filled","order_status":"filled","cum_qty":{{N(cumQty)}},"timestamp":"2026-11-26T10:00:02.000000Z"}""";

    public static string Canceled(string orderId, string clientId, decimal cumQty, string reason) =>
        $$"""{"order_id":"{{orderId}}","cl_ord_id":"{{clientId}}","exec_type":"canceled","order_status":"canceled","cum_qty":{{N(cumQty)}},"reason":"{{reason}}","timestamp":"2026-11-26T10:00:02.000000Z"}""";

    public static string Amended(string orderId, string clientId, decimal orderQty, decimal limitPrice, decimal cumQty) =>
        $$"""{"order_id":"{{orderId}}","cl_ord_id":"{{clientId}}","exec_type":"amended","order_status":"new","order_qty":{{N(orderQty)}},"limit_price":{{N(limitPrice)}},"post_only":false,"amended":true,"reason":"User requested","cum_qty":{{N(cumQty)}},"timestamp":"2026-11-26T10:00:03.000000Z"}""";

    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
