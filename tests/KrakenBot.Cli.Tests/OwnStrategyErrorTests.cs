namespace KrakenBot.Cli.Tests;

/// <summary>
/// Each way a user's own strategy can be wrong, refused by <c>krakenbot start --strategy-assembly</c> before it touches
/// the network, with an error that names the problem and the fix (exit code 3, configuration).
/// </summary>
public sealed class OwnStrategyErrorTests : IDisposable
{
    private const string Sample = "sample";
    private const string Tests = "tests";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-own-strategy-errors", Guid.NewGuid().ToString("N"));

    public OwnStrategyErrorTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData(Tests, "strategy: Nope\nmarket: BTC-USD", "no class 'Nope'", "Its strategy classes:", "UserStrategies.FailsAfterQuoting")]
    [InlineData(Tests, "strategy: NotAStrategy", "UserStrategies.NotAStrategy is not a strategy", "must derive from KrakenBot.Strategies.Hosting.Strategy")]
    [InlineData(Tests, "strategy: TwoArguments", "UserStrategies.TwoArguments has no constructor KrakenBot can call", "TwoArguments(String name, Int32 size)",
        "public TwoArguments(MySettings settings)")]
    [InlineData(Tests, "strategy: RefusesItsSettings\namount: 0", "The constructor of UserStrategies.RefusesItsSettings threw ArgumentOutOfRangeException", "Fix the setting")]
    [InlineData(Sample, "strategy: QuoteUnderMid\nmarket: BTC-USD\namount: 0.001\nspread: 10", "spread: unknown setting", "spread_bps")]
    [InlineData(Sample, "strategy: QuoteUnderMid\nmarket: BTC-USD", "amount: a value is required")]
    [InlineData(Sample, "strategy: QuoteUnderMid\nmarket: BTC-USD\namount: 0.001\nspread_bps: ten", "spread_bps: 'ten' is not a number")]
    [InlineData(Sample, "strategy: QuoteUnderMid\nmarket: bitcoin\namount: 0.001", "market: 'bitcoin' is not a pair such as BTC-USD")]
    [InlineData(Sample, "market: BTC-USD", "strategy: a value is required")]
    public async Task A_wrong_strategy_is_refused_with_what_to_do(string assembly, string yaml, params string[] expected)
    {
        var result = await StartAsync(assembly == Sample ? UserAssemblies.Sample : UserAssemblies.TestStrategies, "exchange: kraken\n" + yaml);

        Assert.True(result.ExitCode == 3, result.ToString());
        foreach (var text in expected) Assert.Contains(text, result.StdErr);
    }

    [Fact]
    public async Task A_missing_assembly_is_named_with_how_to_build_it()
    {
        string missing = Path.Combine(_dataDir, "bin", "Nowhere.dll");
        var result = await StartAsync(missing, "strategy: QuoteUnderMid");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"The strategy assembly '{missing}' does not exist", result.StdErr);
        Assert.Contains("dotnet build -c Release", result.StdErr);
    }

    [Fact]
    public async Task A_file_that_is_not_an_assembly_is_named()
    {
        string notDll = Path.Combine(_dataDir, "strategy.cs");
        await File.WriteAllTextAsync(notDll, "public class Mine {}");
        var result = await StartAsync(notDll, "strategy: Mine");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("is not a .NET assembly", result.StdErr);
    }

    private async Task<CliResult> StartAsync(string assembly, string yaml)
    {
        string config = Path.Combine(_dataDir, $"own_{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(config, yaml + "\n");
        return await CliProcess.RunAsync(["--data-dir", _dataDir, "start", "--config", config, "--headless", "--strategy-assembly", assembly]);
    }
}
