using System.Text;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

public class ExecutionParserTests
{
    private static readonly string[] DocsFrames =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "Orders", "executions-docs-example.jsonl"));

    [Fact]
    public void Reads_Krakens_documented_pending_new_new_and_trade_messages()
    {
        var pending = Assert.Single(ExecutionParser.Parse(Encoding.UTF8.GetBytes(DocsFrames[0])));
        Assert.Equal("OK4GJX-KSTLS-7DZZO5", pending.OrderId);
        Assert.Equal(ExecutionType.PendingNew, pending.Type);
        Assert.Equal(0.005m, pending.OrderQuantity);
        Assert.Equal(26500.0m, pending.LimitPrice);

        var live = Assert.Single(ExecutionParser.Parse(Encoding.UTF8.GetBytes(DocsFrames[1])));
        Assert.Equal(ExecutionType.New, live.Type);

        var trade = Assert.Single(ExecutionParser.Parse(Encoding.UTF8.GetBytes(DocsFrames[2])));
        Assert.Equal(ExecutionType.Trade, trade.Type);
        Assert.Equal("TGBB7L-HT5LX-J3BZ4A", trade.ExecId);
        Assert.Equal(0.005m, trade.LastQuantity);
        Assert.Equal(26599.9m, trade.LastPrice);
        Assert.Equal(0.005m, trade.CumulativeQuantity);
        Assert.Equal("USD", trade.FeeAsset);
        Assert.Equal(0.3458m, trade.FeeQuantity);
        Assert.False(trade.IsMaker);
        Assert.False(trade.IsSnapshot);
    }

    [Fact]
    public void A_snapshot_with_stops_trailing_stops_and_icebergs_reads_every_entry()
    {
        // As Kraken sends an account's open orders at subscribe: triggers objects, pct/quote limit price types, an iceberg.
        const string frame = """
            {"channel":"executions","type":"snapshot","data":[
              {"order_id":"OTRAIL-1","symbol":"BTC/USD","order_qty":0.5,"cum_qty":0,"time_in_force":"GTC","exec_type":"new","side":"sell",
               "order_type":"trailing-stop","triggers":{"reference":"last","price":50.0,"price_type":"pct","actual_price":0,"peak_price":0,"last_price":0,"status":"untriggered","timestamp":"2026-12-05T01:00:00.000000Z"},
               "order_status":"new","timestamp":"2026-12-05T01:00:00.000000Z"},
              {"order_id":"OTRSLL-2","symbol":"BTC/USD","order_qty":0.25,"cum_qty":0,"exec_type":"new","side":"sell","order_type":"trailing-stop-limit",
               "limit_price":-100.0,"limit_price_type":"quote","triggers":{"reference":"index","price":500.0,"price_type":"quote","status":"untriggered"},
               "order_status":"new","timestamp":"2026-12-05T01:00:01.000000Z"},
              {"order_id":"OICE-3","symbol":"BTC/USD","order_qty":2,"display_qty":0.2,"cum_qty":0.5,"exec_type":"new","side":"buy","order_type":"iceberg",
               "limit_price":60000.0,"limit_price_type":"static","order_status":"partially_filled","timestamp":"2026-12-05T01:00:02.000000Z"},
              {"order_id":"OLIM-4","cl_ord_id":"c4","symbol":"BTC/USD","order_qty":1,"cum_qty":0,"exec_type":"new","side":"buy","order_type":"limit",
               "limit_price":59000.0,"order_status":"new","timestamp":"2026-12-05T01:00:03.000000Z"}
            ],"sequence":1}
            """;

        var reports = ExecutionParser.Parse(Encoding.UTF8.GetBytes(frame));

        Assert.Equal(["OTRAIL-1", "OTRSLL-2", "OICE-3", "OLIM-4"], reports.Select(r => r.OrderId));
        Assert.All(reports, r => Assert.True(r.IsSnapshot));
        Assert.Equal("c4", reports[3].ClientOrderId);
        Assert.Equal(59000.0m, reports[3].LimitPrice);
    }

    [Fact]
    public void Numbers_keep_every_digit_as_sent()
    {
        var frame = Exec.Update(Exec.Trade("O1", "c1", "T1", 0.12345678m, 65432.1m, 0.12345678m, 0.00000001m));
        var trade = Assert.Single(ExecutionParser.Parse(Encoding.UTF8.GetBytes(frame)));
        Assert.Equal(0.12345678m, trade.LastQuantity);
        Assert.Equal(0.00000001m, trade.FeeQuantity);
    }

    [Fact]
    public void Snapshot_entries_are_marked()
    {
        var frame = Exec.Snapshot(Exec.New("O1", "c1"), Exec.New("O2", "c2"));
        var reports = ExecutionParser.Parse(Encoding.UTF8.GetBytes(frame));
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.True(r.IsSnapshot));
    }

    [Fact]
    public void Snapshot_entries_are_marked_when_type_comes_after_data()
    {
        var frame = """{"channel":"executions","data":[{"order_id":"O1","exec_type":"new"},{"order_id":"O2","exec_type":"new"}],"type":"snapshot"}""";
        var reports = ExecutionParser.Parse(Encoding.UTF8.GetBytes(frame));
        Assert.Equal(["O1", "O2"], reports.Select(r => r.OrderId));
        Assert.All(reports, r => Assert.True(r.IsSnapshot));
    }

    [Fact]
    public void Entries_are_appended_to_the_callers_list()
    {
        var reports = new List<ExecutionReport>();
        var assets = new SymbolCache();
        ExecutionParser.Parse(Encoding.UTF8.GetBytes(Exec.Update(Exec.New("O1", "c1"))), reports, assets);
        ExecutionParser.Parse(Encoding.UTF8.GetBytes(Exec.Snapshot(Exec.New("O2", "c2"))), reports, assets);
        Assert.Equal(["O1", "O2"], reports.Select(r => r.OrderId));
        Assert.Equal([false, true], reports.Select(r => r.IsSnapshot));
    }

    [Fact]
    public void Fee_assets_are_one_shared_string_per_name_across_frames_and_escaped_names_still_read_right()
    {
        var reports = new List<ExecutionReport>();
        var assets = new SymbolCache();
        ExecutionParser.Parse(Encoding.UTF8.GetBytes(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.1m, 100m, 0.1m))), reports, assets);
        ExecutionParser.Parse(Encoding.UTF8.GetBytes(Exec.Update(Exec.Trade("O1", "c1", "T2", 0.1m, 100m, 0.2m))), reports, assets);
        var escaped = """{"channel":"executions","type":"update","data":[{"order_id":"O1","exec_type":"trade","fees":[{"asset":"U\u0053D","qty":0.5}]}]}""";
        ExecutionParser.Parse(Encoding.UTF8.GetBytes(escaped), reports, assets);

        Assert.Equal("USD", reports[0].FeeAsset);
        Assert.Same(reports[0].FeeAsset, reports[1].FeeAsset);
        Assert.Same(reports[0].FeeAsset, reports[2].FeeAsset);
        Assert.Equal(0.5m, reports[2].FeeQuantity);
    }

    [Fact]
    public void An_entry_without_order_id_is_refused_with_a_clear_error()
    {
        var ex = Assert.Throws<UnexpectedResponseException>(() =>
            ExecutionParser.Parse("""{"channel":"executions","type":"update","data":[{"exec_type":"new"}]}"""u8));
        Assert.Contains("order_id", ex.Message);
    }
}
