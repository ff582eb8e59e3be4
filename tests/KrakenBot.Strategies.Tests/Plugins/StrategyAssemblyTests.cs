using System.Reflection;
using System.Runtime.Loader;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking.Config;
using KrakenBot.Strategies.Plugins;
using Xunit;

namespace KrakenBot.Strategies.Tests.Plugins;

/// <summary>
/// tests/UserStrategies loaded by path as a user's strategy assembly: its own dependency (not shipped by this host)
/// resolves from its build output, KrakenBot's types are the host's, and the config's keys reach its settings class.
/// </summary>
public sealed class StrategyAssemblyTests
{
    private static string UserStrategiesPath
    {
        get
        {
            var configuration = typeof(StrategyAssemblyTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KrakenBot.slnx")))
                    return Path.Combine(dir.FullName, "tests", "UserStrategies", "bin", configuration, "net10.0", "UserStrategies.dll");
            }

            throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public void A_strategy_with_its_own_dependency_is_loaded_apart_sharing_the_hosts_strategy_type_and_its_settings_bound()
    {
        var loaded = CustomStrategyConfigFile.Parse("""
            strategy: PricedByDependency
            exchange: kraken_paper_trade
            tick_interval: 0.25
            market: ETH/USD
            amount: 0.10000
            tags: [a, b]
            patience: 2.5
            side: sell
            """, "priced", UserStrategiesPath);

        Assert.Equal("priced_by_dependency", loaded.Kind); // read from UserStrategies.Pricing, resolved beside the dll
        Assert.Equal(new TradingPair("ETH", "USD"), loaded.Pair);
        Assert.Equal("kraken_paper_trade", loaded.Exchange);
        Assert.Equal(TimeSpan.FromMilliseconds(250), loaded.Settings.TickInterval);
        var type = loaded.Factory.StrategyType;
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(type.Assembly));
        Assert.Same(typeof(Strategy), type.BaseType);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "UserStrategies.Pricing");

        dynamic settings = loaded.Factory.Settings!;
        Assert.Equal("0.10000", ((decimal)settings.Amount).ToString(System.Globalization.CultureInfo.InvariantCulture)); // exact, as written
        Assert.Equal(10m, (decimal)settings.Bps); // the class's default
        Assert.Equal(["a", "b"], (IReadOnlyList<string>)settings.Tags);
        Assert.Equal(TimeSpan.FromSeconds(2.5), (TimeSpan)settings.Patience);
        Assert.Equal(OrderSide.Sell, (OrderSide)settings.Side);
        Assert.NotSame(loaded.Factory.Create(), loaded.Factory.Create()); // a fresh object per run
    }

    [Fact]
    public void The_same_path_is_loaded_once_and_its_strategy_classes_are_listed()
    {
        var first = StrategyAssembly.Load(UserStrategiesPath);
        Assert.Same(first, StrategyAssembly.Load(Path.Combine(Path.GetDirectoryName(UserStrategiesPath)!, ".", "UserStrategies.dll")));
        Assert.Equal(
            ["UserStrategies.FailsAfterQuoting", "UserStrategies.PricedByDependency", "UserStrategies.RefusesItsSettings", "UserStrategies.TwoArguments"],
            first.StrategyTypes().Select(t => t.FullName));
    }

    [Theory]
    [InlineData("amount: 1", "market: a value is required (BidSettings.Market, a pair such as BTC-USD)")]
    [InlineData("market: BTC-USD\namount: 1\ntags:\n  x: 1", "tags: expected a list of a text")]
    [InlineData("market: BTC-USD\namount: 1\nside: up", "side: 'up' is not one of buy, sell")]
    [InlineData("market: BTC-USD\namount: 1\npatience: -1", "patience: '-1' is not a number of seconds")]
    [InlineData("market: BTC-USD\namount: [1, 2]", "amount: expected a number")]
    public void A_bad_setting_is_named_with_what_it_must_be(string keys, string expected)
    {
        var error = Assert.Throws<ConfigException>(() =>
            CustomStrategyConfigFile.Parse("strategy: PricedByDependency\n" + keys, "bad", UserStrategiesPath));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_strategy_without_settings_refuses_any_key_and_an_exchange_other_than_kraken_is_refused()
    {
        var type = typeof(NoSettings);
        var error = Assert.Throws<ConfigException>(() => StrategyFactory.For(type, [new(new YamlDotNet.RepresentationModel.YamlScalarNode("spread"),
            new YamlDotNet.RepresentationModel.YamlScalarNode("1"))]));
        Assert.Contains("spread: unknown setting: NoSettings takes no settings", error.Message);
        Assert.IsType<NoSettings>(StrategyFactory.For(type, []).Create());

        var exchange = Assert.Throws<ConfigException>(() => CustomStrategyConfigFile.Parse("strategy: PricedByDependency\nexchange: binance", "x", UserStrategiesPath));
        Assert.Contains("exchange: 'binance' must be kraken or kraken_paper_trade", exchange.Message);
    }

    /// <summary>A strategy with no settings.</summary>
    public sealed class NoSettings : Strategy
    {
        public override string Kind => "no_settings";

        public override TradingPair Pair => new("BTC", "USD");
    }
}
