using KrakenBot.Strategies.Controllers.Config;
using KrakenBot.Strategies.MarketMaking.Config;
using Xunit;

namespace KrakenBot.Strategies.Tests.Controllers;

/// <summary>A strategy group file: its members' files found beside it, and what cannot run as a group refused by name.</summary>
public sealed class StrategyGroupFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("krakenbot-group-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_members_are_found_beside_the_group_file_and_the_stop_is_kept()
    {
        File.WriteAllText(Path.Combine(_directory, "a.yml"), "strategy: pure_market_making\n");
        File.WriteAllText(Path.Combine(_directory, "b.yml"), "strategy: pure_market_making\n");
        var group = StrategyGroupFile.Parse("strategy: strategy_group\nexchange: kraken_paper_trade\nstrategies: [a.yml, b.yml]\nmax_global_drawdown_quote: 200\n", _directory);
        Assert.Equal("kraken_paper_trade", group.Exchange);
        Assert.Equal([Path.Combine(_directory, "a.yml"), Path.Combine(_directory, "b.yml")], group.Members);
        Assert.Equal(200m, group.MaxGlobalDrawdownQuote);
    }

    [Theory]
    [InlineData("strategies: [a.yml, gone.yml]", "strategies: 'gone.yml' does not exist")]
    [InlineData("strategies: [a.yml, inner.yml]", "strategies: inner.yml is a group itself")]
    [InlineData("strategies: [a.yml, sub/a.yml]", "strategies: two files are named a")]
    [InlineData("strategies: [a.yml]\nkill_switch_rate: -5", "kill_switch_rate: set it in each member's file")]
    [InlineData("strategies: [a.yml]\nmax_global_drawdown_quote: -1", "max_global_drawdown_quote: -1 is out of range")]
    public void What_cannot_run_as_a_group_is_refused_by_name(string lines, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        File.WriteAllText(Path.Combine(_directory, "a.yml"), "strategy: pure_market_making\n");
        File.WriteAllText(Path.Combine(_directory, "sub", "a.yml"), "strategy: pure_market_making\n");
        File.WriteAllText(Path.Combine(_directory, "inner.yml"), "strategy: strategy_group\nstrategies: [a.yml]\n");
        var error = Assert.Throws<ConfigException>(() => StrategyGroupFile.Parse("strategy: strategy_group\n" + lines + "\n", _directory));
        Assert.StartsWith(expected, error.Message);
    }
}
