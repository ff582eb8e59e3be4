using System.Text;
using KrakenBot.Connector.Kraken.Orders;
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
    public void An_entry_without_order_id_is_refused_with_a_clear_error()
    {
        var ex = Assert.Throws<UnexpectedResponseException>(() =>
            ExecutionParser.Parse("""{"channel":"executions","type":"update","data":[{"exec_type":"new"}]}"""u8));
        Assert.Contains("order_id", ex.Message);
    }
}
