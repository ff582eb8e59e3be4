using System.Text.Json;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Xunit;

namespace KrakenBot.Strategies.Tests.Hosting;

/// <summary>
/// The orders document is written straight from the owned orders; a restart reads it with <see cref="JsonSerializer"/>
/// as a list of <see cref="OwnedOrderRecord"/>, so it must be exactly the text the serializer writes for those records.
/// </summary>
public class OwnedOrdersJsonTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 30, 15, TimeSpan.Zero);

    [Fact]
    public void The_orders_are_the_text_the_serializer_writes_for_their_records_and_read_back_as_them()
    {
        var orders = new Dictionary<string, OwnedOrder>(StringComparer.Ordinal);
        Own(orders, "c-1", "buy_0", T0.AddTicks(1234567), [], finishedAt: null);
        Own(orders, "c-2+<x>", "sell \"1\" é", new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(2)), ["T-1", "T+2&<3>", "TÖ"],
            finishedAt: T0.AddMinutes(5).AddTicks(7));
        var json = new OwnedOrdersJson();

        string written = json.Orders(orders.Values);

        var records = orders.Values
            .Select(o => new OwnedOrderRecord(o.ClientOrderId, o.Label, o.QuotedAt, [.. o.AppliedTrades], o.FinishedAt))
            .ToList();
        Assert.Equal(JsonSerializer.Serialize(records, StateJson.Options), written);
        var read = JsonSerializer.Deserialize<List<OwnedOrderRecord>>(written, StateJson.Options)!;
        Assert.Equal(records.Select(Describe), read.Select(Describe));
        Assert.Equal(records.Select(r => r.QuotedAt.Offset), read.Select(r => r.QuotedAt.Offset));
    }

    [Fact]
    public void No_orders_and_a_time_are_the_serializers_text_and_each_write_replaces_the_last()
    {
        var json = new OwnedOrdersJson();
        var orders = new Dictionary<string, OwnedOrder>(StringComparer.Ordinal);
        Own(orders, "c-1", "buy_0", T0, ["T-1"], finishedAt: null);
        Assert.StartsWith("[{", json.Orders(orders.Values));

        Assert.Equal("[]", json.Orders(new Dictionary<string, OwnedOrder>().Values));
        var at = new DateTimeOffset(2026, 12, 6, 9, 30, 15, 123, TimeSpan.FromHours(-5)).AddTicks(4);
        Assert.Equal(JsonSerializer.Serialize(at, StateJson.Options), json.Time(at));
        Assert.Equal(JsonSerializer.Serialize(T0, StateJson.Options), json.Time(T0));
    }

    private static void Own(Dictionary<string, OwnedOrder> orders, string clientOrderId, string label, DateTimeOffset quotedAt,
        string[] trades, DateTimeOffset? finishedAt)
    {
        var order = new OwnedOrder(TrackedOrder.Create(clientOrderId, OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, 60000m), T0), label, quotedAt)
        {
            FinishedAt = finishedAt,
        };
        foreach (string trade in trades)
        {
            order.AppliedTrades.Add(trade);
        }

        orders[clientOrderId] = order;
    }

    private static string Describe(OwnedOrderRecord record) =>
        $"{record.ClientOrderId}|{record.Label}|{record.QuotedAt:O}|{string.Join(",", record.AppliedTrades)}|{record.FinishedAt:O}";
}
