using KrakenBot.Strategies.Controllers.Config;
using KrakenBot.Strategies.MarketMaking.Config;
using Xunit;

namespace KrakenBot.Strategies.Tests.Controllers;

/// <summary>A controller file: its executors come from their own files, and what cannot run together is refused by name.</summary>
public sealed class ControllerConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("krakenbot-controller-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_executors_are_read_from_their_files_with_their_file_names_as_ids_and_the_stops_kept()
    {
        Write("btc.yml", Executor("BTC-USD", "kraken"));
        Write("eth.yml", Executor("ETH-USD", "kraken"));
        var loaded = ControllerConfigFile.Parse(Controller("[btc.yml, eth.yml]") + "max_executor_drawdown_quote: 25\nmax_global_drawdown_quote: 40\n", "ctl", _directory);

        Assert.Equal(["btc", "eth"], loaded.Executors.Select(e => e.StrategyId));
        Assert.Equal(25m, loaded.MaxExecutorDrawdownQuote);
        Assert.Equal(40m, loaded.MaxGlobalDrawdownQuote);
        var controller = loaded.Create();
        Assert.Equal(["btc", "eth"], controller.Executors.Select(e => e.Id));
        Assert.Equal(["BTC-USD", "ETH-USD"], controller.WatchedPairs.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("[btc.yml, gone.yml]", "executors: 'gone.yml' does not exist")]
    [InlineData("[btc.yml, paper.yml]", "executors: paper.yml runs on kraken_paper_trade, this controller on kraken")]
    [InlineData("[btc.yml, eur.yml]", "executors: their pairs must share one quote asset")]
    [InlineData("[btc.yml, bad.yml]", "executors: bad.yml: amount")]
    [InlineData("[]", "executors: name at least one executor config file")]
    public void What_cannot_run_together_is_refused_naming_the_file_and_the_reason(string executors, string expected)
    {
        Write("btc.yml", Executor("BTC-USD", "kraken"));
        Write("paper.yml", Executor("ETH-USD", "kraken_paper_trade"));
        Write("eur.yml", Executor("BTC-EUR", "kraken"));
        Write("bad.yml", Executor("ETH-USD", "kraken").Replace("amount: 0.01", "amount: -1"));

        var error = Assert.Throws<ConfigException>(() => ControllerConfigFile.Parse(Controller(executors), "ctl", _directory));
        Assert.StartsWith(expected, error.Message);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory, name), text);

    private static string Controller(string executors) => $"strategy: executor_controller\nexchange: kraken\nexecutors: {executors}\n";

    private static string Executor(string market, string exchange) =>
        $"strategy: position_executor\nexchange: {exchange}\nmarket: {market}\nside: buy\namount: 0.01\nopen_order_type: market\n";
}
