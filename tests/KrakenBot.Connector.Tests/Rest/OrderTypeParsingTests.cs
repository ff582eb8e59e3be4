using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.Internal;
using Xunit;
using static KrakenBot.Connector.Tests.Rest.KrakenPayloads;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>
/// Orders a real account carries besides KrakenBot's own: every type Kraken documents, relative and percentage prices,
/// <c>"0"</c> for none, <c>userref</c> as text or number, <c>refid</c> null, margin and leverage fields. The reply
/// (Data/Orders/open-orders-every-type.json) is built from the shapes in Kraken's docs and examples.
/// </summary>
public class OrderTypeParsingTests
{
    private static IReadOnlyList<KrakenOrder> Orders() =>
        Parse(RestTestData.Bytes("Orders/open-orders-every-type.json"), "OpenOrders", KrakenOrderParser.ParseOpenOrders);

    private static T Parse<T>(byte[] body, string endpoint, Func<KrakenJsonNode, T> parse) =>
        ParseText(System.Text.Encoding.UTF8.GetString(body), endpoint, parse);

    [Theory]
    [InlineData("OTRAIL-STOP1-AAAAAA", "trailing-stop", "+50.0000%", null, "index")]
    [InlineData("OTRSLL-IMIT2-BBBBBB", "trailing-stop-limit", "+500.0", "-100.0", null)]
    [InlineData("OSTOPL-LIMIT-CCCCCC", "stop-loss-limit", "66000.0", "66100.0", "last")]
    [InlineData("OTAKEP-ROFIT-DDDDDD", "take-profit", "#5%", null, null)]
    [InlineData("OTPLIM-ITORD-EEEEEE", "take-profit-limit", "+10%", "-0.5%", null)]
    [InlineData("OSTOPL-OSSSS-FFFFFF", "stop-loss", "-5%", null, null)]
    [InlineData("OICEBE-RGORD-GGGGGG", "iceberg", "60000.0", null, null)]
    [InlineData("OSETTL-EPOSI-HHHHHH", "settle-position", null, null, null)]
    [InlineData("OLIMIT-WITHC-IIIIII", "limit", "59000.0", null, null)]
    public void Every_documented_type_reads_with_its_prices_as_sent(string txid, string type, string? price, string? price2, string? trigger)
    {
        var order = Orders().Single(o => o.TxId == txid);

        Assert.Null(order.UnreadableReason);
        Assert.Equal(type, order.Description.OrderType);
        Assert.Equal(price, order.Description.Price?.Text);
        Assert.Equal(price2, order.Description.Price2?.Text); // Kraken's "0" is no price
        Assert.Equal(trigger, order.Trigger);
    }

    [Fact]
    public void Offsets_and_prices_are_told_apart()
    {
        var orders = Orders();
        var trailing = orders.Single(o => o.TxId == "OTRAIL-STOP1-AAAAAA").Description.Price!;
        Assert.True(trailing.IsRelative);
        Assert.True(trailing.IsPercent);
        Assert.Equal('+', trailing.OffsetSign);
        Assert.Equal(50m, trailing.Value);
        Assert.Null(trailing.Absolute);

        var limitOffset = orders.Single(o => o.TxId == "OTRSLL-IMIT2-BBBBBB").Description.Price2!;
        Assert.Equal(('-', 100.0m, false), (limitOffset.OffsetSign!.Value, limitOffset.Value, limitOffset.IsPercent));

        var awayFromMarket = orders.Single(o => o.TxId == "OTAKEP-ROFIT-DDDDDD").Description.Price!;
        Assert.Equal('#', awayFromMarket.OffsetSign);

        var stopLimit = orders.Single(o => o.TxId == "OSTOPL-LIMIT-CCCCCC");
        Assert.Equal(66000.0m, stopLimit.Description.Price!.Absolute);
        Assert.Equal("66100.0", stopLimit.Description.Price2!.Absolute!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("OPARENT-XXXXX-YYYYYY", stopLimit.RefId);
        Assert.NotNull(stopLimit.ExpireTime);
    }

    [Fact]
    public void Userref_as_text_or_number_refid_null_and_margin_fields_read()
    {
        var orders = Orders();
        Assert.Equal(7L, orders.Single(o => o.TxId == "OTRSLL-IMIT2-BBBBBB").UserRef);   // "7"
        Assert.Equal(12L, orders.Single(o => o.TxId == "OTAKEP-ROFIT-DDDDDD").UserRef);  // 12
        Assert.Null(orders.Single(o => o.TxId == "OSTOPL-LIMIT-CCCCCC").UserRef);        // null
        Assert.Null(orders.Single(o => o.TxId == "OTRAIL-STOP1-AAAAAA").RefId);
        var margin = orders.Single(o => o.TxId == "OLIMIT-WITHC-IIIIII");
        Assert.Equal("2:1", margin.Description.Leverage);
        Assert.Equal("close position @ stop loss 55000.0 -> limit 54900.0", margin.Description.Close);
        var iceberg = orders.Single(o => o.TxId == "OICEBE-RGORD-GGGGGG");
        Assert.Equal(0.5m, iceberg.VolumeExecuted);
    }

    [Fact]
    public void One_order_that_cannot_be_read_is_listed_as_such_and_hides_none_of_the_others()
    {
        var orders = Orders();

        Assert.Equal(10, orders.Count);
        var broken = orders.Single(o => o.TxId == "OBROKE-NPRIC-JJJJJJ");
        Assert.Equal("open", broken.Status);
        Assert.Contains("descr.price", broken.UnreadableReason);
        Assert.Contains("about 5", broken.UnreadableReason);
        Assert.All(orders.Where(o => o.TxId != broken.TxId), o => Assert.Null(o.UnreadableReason));
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("0.00000", null)]
    [InlineData("", null)]
    [InlineData("65000.1", "65000.1")]
    [InlineData("+50.0000%", "+50.0000%")]
    [InlineData("#5", "#5")]
    [InlineData("-0.5%", "-0.5%")]
    public void A_descr_price_reads_as_none_a_price_or_an_offset(string text, string? expected)
    {
        Assert.True(KrakenOrderPrice.TryParse(text, out var price));
        Assert.Equal(expected, price?.Text);
    }

    [Theory]
    [InlineData("about 5")]
    [InlineData("+")]
    [InlineData("%")]
    [InlineData("5%%")]
    [InlineData("1e5")]
    public void A_descr_price_that_is_neither_is_refused(string text) => Assert.False(KrakenOrderPrice.TryParse(text, out _));
}
