using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.Internal;
using Xunit;
using static KrakenBot.Connector.Tests.Rest.KrakenPayloads;

namespace KrakenBot.Connector.Tests.Rest;

public class KrakenOrderParserTests
{
    [Fact]
    public void OpenOrders_example_with_minimal_descr_and_empty_userref()
    {
        var order = Assert.Single(ParseFile("private/open-orders.json", "OpenOrders", KrakenOrderParser.ParseOpenOrders));

        Assert.Equal("O7ICPO-F4CLJ-MVBLHC", order.TxId);
        Assert.Equal("open", order.Status);
        Assert.Null(order.UserRef);   // Kraken sent "userref": ""
        Assert.Null(order.RefId);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(13737503069819000), order.OpenTime);
        Assert.Null(order.StartTime);
        Assert.Null(order.ExpireTime);
        Assert.Equal("sell 3.00000000 XBTUSD @ limit 500.00000", order.Description.Text);
        Assert.Null(order.Description.Pair);
        Assert.Equal("3.00000000", Exact(order.Volume));
        Assert.Equal("0.00000000", Exact(order.VolumeExecuted));
        Assert.Null(order.StopPrice);
        Assert.Empty(order.TradeIds);
    }

    [Fact]
    public void ClosedOrders_example_with_count()
    {
        var page = ParseFile("private/closed-orders.json", "ClosedOrders", KrakenOrderParser.ParseClosedOrders);

        Assert.Equal(3, page.TotalCount);
        Assert.Equal(new[] { "OT5JQ3-MNZQI-GDXY7O", "OQB6D2-O5QMF-QBBAWZ", "OFESQG-RLWJQ-ZV5AME" }, page.Orders.Select(o => o.TxId));
        KrakenOrder order = page.Orders[0];
        Assert.Equal("canceled", order.Status);
        Assert.Equal("User requested", order.Reason);
        Assert.Equal(1000, order.UserRef);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(15501013383640000), order.CloseTime);
        Assert.Equal("DASHUSD", order.Description.Pair);
        Assert.Equal(KrakenSide.Buy, order.Description.Side);
        Assert.Equal("limit", order.Description.OrderType);
        Assert.Equal("1.000", order.Description.Price!.Text);
        Assert.Equal("1.000", Exact(order.Description.Price.Absolute!.Value));
        Assert.Null(order.Description.Price2); // Kraken's "0": no second price
        Assert.Null(order.Description.Close);
        Assert.Equal("0.000000", Exact(order.Cost));
        Assert.Equal("0.000000", Exact(order.LimitPrice));
        Assert.Equal("fciq", order.OrderFlags);
    }

    [Fact]
    public void QueryOrders_example_open_and_canceled()
    {
        var orders = ParseFile("private/query-orders.json", "QueryOrders", KrakenOrderParser.ParseOrderMap);

        Assert.Equal(2, orders.Count);
        Assert.Equal(("ODNLO4-QYFSV-33BKJA", "open", 123456L), (orders[0].TxId, orders[0].Status, orders[0].UserRef!.Value));
        Assert.Equal("XMRUSD", orders[0].Description.Pair);
        Assert.Equal("1.00", Exact(orders[0].Description.Price!.Absolute!.Value));
        Assert.Null(orders[0].CloseTime);
        Assert.Equal("canceled", orders[1].Status);
    }

    [Fact]
    public void Order_with_client_order_id_and_trades()
    {
        const string json = """
            {"error":[],"result":{"OQCLML-BW3P3-BUCMWZ":{"refid":null,"userref":null,"cl_ord_id":"6d1b345e-2821-40e2-ad83-4ecb18a06876",
              "status":"closed","reason":null,"opentm":1688666559.8974,"closetm":1688666559.9069,"starttm":0,"expiretm":0,
              "descr":{"pair":"XBTUSD","type":"sell","ordertype":"market","price":"0","price2":"0","leverage":"none",
                "order":"sell 1.25000000 XBTUSD @ market","close":""},
              "vol":"1.25000000","vol_exec":"1.25000000","cost":"37526.2","fee":"37.5","price":"30021.0","stopprice":"0.00000",
              "limitprice":"0.00000","misc":"","oflags":"fcib","trades":["TZX2WP-XSEOP-FP7WYR"]}}}
            """;
        KrakenOrder order = Assert.Single(ParseText(json, "QueryOrders", KrakenOrderParser.ParseOrderMap));

        Assert.Equal("6d1b345e-2821-40e2-ad83-4ecb18a06876", order.ClientOrderId);
        Assert.Equal(KrakenSide.Sell, order.Description.Side);
        Assert.Equal("30021.0", Exact(order.AveragePrice));
        Assert.Equal("37526.2", Exact(order.Cost));
        Assert.Equal(new[] { "TZX2WP-XSEOP-FP7WYR" }, order.TradeIds);
    }

    [Fact]
    public void TradesHistory_example_with_count()
    {
        var page = ParseFile("private/trades-history.json", "TradesHistory", KrakenOrderParser.ParseTradesHistory);

        Assert.Equal(2, page.TotalCount);
        KrakenTrade trade = page.Trades[0];
        Assert.Equal("TBGB6I-IMYKU-WWA2SK", trade.TradeTxId);
        Assert.Equal("OJTVFU-UWBXK-7AC6ML", trade.OrderTxId);
        Assert.Equal("TKH1SE-X7IF5-CKI7JT", trade.PositionTxId);
        Assert.Equal("XXBTZUSD", trade.PairId);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(14280842980986000), trade.Time);
        Assert.Equal(KrakenSide.Sell, trade.Side);
        Assert.Equal(("9.25000", "0.92500", "0.00296", "0.10000000"), (Exact(trade.Price), Exact(trade.Cost), Exact(trade.Fee), Exact(trade.Volume)));
        Assert.Equal("0.61667", Exact(trade.Margin));
        Assert.Equal(2560488, trade.TradeId);
        Assert.Null(trade.IsMaker);
    }

    [Fact]
    public void QueryTrades_example()
    {
        var trades = ParseFile("private/query-trades.json", "QueryTrades", KrakenOrderParser.ParseTradeMap);

        Assert.Equal(new[] { "TNGJFU-5CD67-ZV3AEO", "TRWCIF-3MJWU-5DYJG5" }, trades.Select(t => t.TradeTxId));
        Assert.Equal(KrakenSide.Buy, trades[0].Side);
        Assert.Equal("market", trades[0].OrderType);
        Assert.Equal("closing", trades[0].Misc);
        Assert.Equal("0.00412", Exact(trades[1].Fee));
        Assert.Null(trades[1].TradeId);
    }
}
