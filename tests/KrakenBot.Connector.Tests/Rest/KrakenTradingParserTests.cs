using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.Internal;
using Xunit;
using static KrakenBot.Connector.Tests.Rest.KrakenPayloads;

namespace KrakenBot.Connector.Tests.Rest;

public class KrakenTradingParserTests
{
    [Fact]
    public void AddOrder_example_with_close()
    {
        var result = ParseFile("trading/add-order.json", "AddOrder", KrakenTradingParser.ParseAddOrder);

        Assert.Equal(new[] { "OUF4EM-FRGI2-MQMWZD" }, result.TxIds);
        Assert.Equal("buy 2.12340000 XBTUSD @ limit 25000.1 with 2:1 leverage", result.Description);
        Assert.Equal("close position @ stop loss 22000.0 -> limit 21000.0", result.CloseDescription);
    }

    [Fact]
    public void AddOrder_validate_only_has_no_txid()
    {
        var result = ParseText("""{"error":[],"result":{"descr":{"order":"buy 1.45 XBTUSD @ limit 27500.0"}}}""",
            "AddOrder", KrakenTradingParser.ParseAddOrder);

        Assert.Empty(result.TxIds);
        Assert.Equal("buy 1.45 XBTUSD @ limit 27500.0", result.Description);
    }

    [Fact]
    public void AddOrderBatch_example_txid_is_a_scalar_per_order()
    {
        var results = ParseFile("trading/add-order-batch.json", "AddOrderBatch", KrakenTradingParser.ParseAddOrderBatch);

        Assert.Equal(2, results.Count);
        Assert.Equal("O5OR23-ADFAD-Y2G61C", results[0].TxId);
        Assert.Equal("buy 0.80300000 XBTUSD @ limit 28300.0", results[0].Description);
        Assert.True(results[0].IsSuccess);
        Assert.Equal("9K6KFS-5H3PL-XBRC7A", results[1].TxId);
    }

    [Fact]
    public void AddOrderBatch_per_order_error()
    {
        var results = ParseText("""
            {"error":[],"result":{"orders":[{"txid":"OABCDE-FGHIJ-KLMNOP","descr":{"order":"buy 1 XBTUSD @ limit 1.0"}},
              {"error":"EOrder:Insufficient funds"}]}}
            """, "AddOrderBatch", KrakenTradingParser.ParseAddOrderBatch);

        Assert.True(results[0].IsSuccess);
        Assert.False(results[1].IsSuccess);
        Assert.Null(results[1].TxId);
        Assert.Equal("EOrder:Insufficient funds", results[1].Error);
    }

    [Fact]
    public void AddOrderBatch_validate_only_has_descriptions_without_txids()
    {
        var results = ParseText("""{"error":[],"result":{"orders":[{"descr":{"order":"buy 1 XBTUSD @ limit 1.0"}},{"descr":{"order":"sell 1 XBTUSD @ limit 2.0"}}]}}""",
            "AddOrderBatch", KrakenTradingParser.ParseAddOrderBatch);

        Assert.All(results, r => Assert.Null(r.TxId));
        Assert.Equal("sell 1 XBTUSD @ limit 2.0", results[1].Description);
    }

    [Fact]
    public void AddOrderBatch_entry_with_nothing_readable_is_an_unexpected_reply()
    {
        var error = Assert.Throws<KrakenBot.Connector.Trading.Errors.UnexpectedResponseException>(() =>
            ParseText("""{"error":[],"result":{"orders":[{}]}}""", "AddOrderBatch", KrakenTradingParser.ParseAddOrderBatch));

        Assert.Contains("result.orders[0]", error.Message);
    }

    [Fact]
    public void EditOrder_example()
    {
        var result = ParseFile("trading/edit-order.json", "EditOrder", KrakenTradingParser.ParseEditOrder);

        Assert.Equal("ok", result.Status);
        Assert.Equal("OFVXHJ-KPQ3B-VS7ELA", result.TxId);
        Assert.Equal("OHYO67-6LP66-HMQ437", result.OriginalTxId);
        Assert.Equal(("0.00030000", "19500.0", "32500.0"), (Exact(result.Volume), Exact(result.Price), Exact(result.Price2)));
        Assert.Equal(1, result.OrdersCancelled);
        Assert.Equal("buy 0.00030000 XXBTZGBP @ limit 19500.0", result.Description);
    }

    [Fact]
    public void CancelOrder_and_CancelOrderBatch_examples()
    {
        Assert.Equal(new KrakenCancelResult(1, false), ParseFile("trading/cancel-order.json", "CancelOrder", KrakenTradingParser.ParseCancelOrder));
        Assert.Equal(2, ParseFile("trading/cancel-order-batch.json", "CancelOrderBatch", KrakenTradingParser.ParseCount));
    }

    [Fact]
    public void AmendOrder_and_dead_man_switch_from_documented_fields()
    {
        // No example files exist for these; values from API.md §1.3.
        Assert.Equal("TEZA4R-DSDGT-IJBOJK", ParseText("""{"error":[],"result":{"amend_id":"TEZA4R-DSDGT-IJBOJK"}}""", "AmendOrder", KrakenTradingParser.ParseAmendOrder));

        var armed = ParseText("""{"error":[],"result":{"currentTime":"2023-03-24T17:41:56Z","triggerTime":"2023-03-24T17:42:56Z"}}""",
            "CancelAllOrdersAfter", KrakenTradingParser.ParseCancelAllOrdersAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), armed.TriggerTime - armed.CurrentTime);

        var disarmed = ParseText("""{"error":[],"result":{"currentTime":"2023-03-24T17:41:56Z","triggerTime":"0"}}""",
            "CancelAllOrdersAfter", KrakenTradingParser.ParseCancelAllOrdersAfter);
        Assert.Null(disarmed.TriggerTime);
    }
}
