using System.Text;
using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Tests.Orders;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.Hardening;

/// <summary>
/// Regression: an item that is not an object inside a channel's array used to end the parsing loop silently, dropping
/// every entry after it (an execution, its fee, a balance, a trade) without an error or a count. Now the whole message
/// is refused with an error naming the channel and field, so the socket counts it as unreadable and reconciliation
/// recovers what it carried.
/// </summary>
public class ChannelArrayItemTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("42")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("[]")]
    public void An_execution_list_with_a_stray_item_is_refused_not_cut_short(string stray)
    {
        string first = Exec.Trade("O1", "c1", "T1", 0.1m, 60000m, 0.1m);
        string second = Exec.Trade("O1", "c1", "T2", 0.2m, 60000m, 0.3m);
        string frame = Exec.Update(first, stray, second);

        var error = Assert.Throws<UnexpectedResponseException>(() => ExecutionParser.Parse(Utf8(frame)));

        Assert.Contains("'executions'", error.Message);
        Assert.Contains("'data'", error.Message);
    }

    [Fact]
    public void A_fee_list_with_a_stray_item_is_refused_not_cut_short()
    {
        string trade = Exec.Trade("O1", "c1", "T1", 0.1m, 60000m, 0.1m)
            .Replace("\"fees\":[{\"asset\":\"USD\",\"qty\":0.5}]", "\"fees\":[{\"asset\":\"USD\",\"qty\":0.5},7,{\"asset\":\"USD\",\"qty\":0.25}]", StringComparison.Ordinal);
        Assert.Contains(",7,", trade);

        var error = Assert.Throws<UnexpectedResponseException>(() => ExecutionParser.Parse(Utf8(Exec.Update(trade))));

        Assert.Contains("'fees'", error.Message);
    }

    [Fact]
    public void A_well_formed_list_still_reads_every_entry()
    {
        var reports = ExecutionParser.Parse(Utf8(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.1m, 60000m, 0.1m), Exec.Trade("O1", "c1", "T2", 0.2m, 60000m, 0.3m))));

        Assert.Equal(["T1", "T2"], reports.Select(r => r.ExecId));
    }

    [Fact]
    public void A_balance_list_with_a_stray_item_is_refused_not_cut_short()
    {
        const string frame = """{"channel":"balances","type":"update","data":[{"asset":"USD","balance":100.5,"wallets":[]},"oops",{"asset":"BTC","balance":1.5,"wallets":[]}]}""";

        var error = Assert.Throws<UnexpectedResponseException>(() => BalancesParser.Parse(Utf8(frame)));

        Assert.Contains("'balances'", error.Message);
    }

    [Fact]
    public void A_trade_list_with_a_stray_item_is_refused_not_cut_short()
    {
        const string frame = """{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":1,"qty":1,"ord_type":"limit","trade_id":1,"timestamp":"2023-09-22T10:33:05Z"},[],{"symbol":"BTC/USD","side":"buy","price":1,"qty":1,"ord_type":"limit","trade_id":2,"timestamp":"2023-09-22T10:33:05Z"}]}""";
        var delivered = new List<long>();

        var error = Assert.Throws<UnexpectedResponseException>(() => TradeParser.Parse(Utf8(frame), false, new SymbolCache(), t => delivered.Add(t.TradeId)));

        Assert.Contains("'trade'", error.Message);
    }
}
