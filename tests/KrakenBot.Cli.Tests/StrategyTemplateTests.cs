using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// <c>dotnet new krakenbot-strategy</c> as a user gets it, offline: the template package and the KrakenBot.Strategies
/// package packed from this build, the template installed into a throw-away hive, a project made from it equal to
/// samples/MyStrategy, built against the packages only (no network), and its strategy backtested by the CLI.
/// </summary>
public sealed class StrategyTemplateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-template-tests", Guid.NewGuid().ToString("N"));
    private readonly string _repo;
    private readonly string _configuration;

    public StrategyTemplateTests()
    {
        Directory.CreateDirectory(_dir);
        _repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProcess.DllPath)!, "..", "..", "..", "..", ".."));
        _configuration = typeof(StrategyTemplateTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_template_package_makes_the_sample_project_which_builds_offline_against_the_packages_and_runs()
    {
        string packages = Path.Combine(_dir, "packages");
        foreach (var packed in new[] { "src/KrakenBot.Connector", "src/KrakenBot.Strategies", "templates/KrakenBot.Templates.csproj" })
            await DotnetAsync(_repo, "pack", Path.Combine(_repo, packed), "-c", _configuration, "--no-build", "--no-restore", "-o", packages, "-nologo");
        string templates = Assert.Single(Directory.GetFiles(packages, "KrakenBot.Templates.*.nupkg"));
        string strategies = Assert.Single(Directory.GetFiles(packages, "KrakenBot.Strategies.*.nupkg"));
        string version = Path.GetFileNameWithoutExtension(strategies)["KrakenBot.Strategies.".Length..];

        string hive = Path.Combine(_dir, "hive");
        await DotnetAsync(_dir, "new", "install", templates, "--debug:custom-hive", hive);

        // Named like the sample, the project is the sample: one strategy, documented once.
        string same = Path.Combine(_dir, "MyStrategy");
        await DotnetAsync(_dir, "new", "krakenbot-strategy", "-n", "MyStrategy", "-o", same, "--KrakenBotVersion", version, "--debug:custom-hive", hive);
        foreach (var file in new[] { "QuoteUnderMid.cs", "quote_under_mid.yml" })
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(_repo, "samples", "MyStrategy", file)), await File.ReadAllTextAsync(Path.Combine(same, file)));

        string project = Path.Combine(_dir, "Acme.Quotes");
        await DotnetAsync(_dir, "new", "krakenbot-strategy", "-n", "Acme.Quotes", "-o", project, "--KrakenBotVersion", version, "--debug:custom-hive", hive);
        Assert.Contains($"<PackageReference Include=\"KrakenBot.Strategies\" Version=\"{version}\" />", await File.ReadAllTextAsync(Path.Combine(project, "Acme.Quotes.csproj")));
        string config = Path.Combine(project, "quote_under_mid.yml");
        Assert.Contains("strategy: Acme.Quotes.QuoteUnderMid", await File.ReadAllTextAsync(config));

        // Offline: the packages just packed, and this machine's package folder for their dependencies (read as a feed).
        string machinePackages = (await DotnetAsync(_dir, "nuget", "locals", "global-packages", "--list")).Split("global-packages:")[1].Trim();
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="krakenbot" value="{packages}" />
                <add key="machine" value="{machinePackages}" />
              </packageSources>
            </configuration>
            """);
        await DotnetAsync(project, "build", "-c", "Release", "-nologo");
        string dll = Path.Combine(project, "bin", "Release", "net10.0", "Acme.Quotes.dll");
        Assert.True(File.Exists(dll), dll);

        string data = Path.Combine(_repo, "tests", "KrakenBot.Backtest.Tests", "Data", "sandbox-btcusd-30s");
        var run = await CliProcess.RunAsync(["--data-dir", _dir, "-o", "json", "backtest", "--config", config, "--data", data, "--strategy-assembly", dll]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("quote_under_mid", run.Json().GetProperty("kind").GetString());
    }

    // dotnet with no way out: a private package cache, no telemetry, anything not on loopback sent to a closed port.
    private async Task<string> DotnetAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
            start.Environment[name] = CliProcess.NoInternetProxy;
        foreach (var name in new[] { "NO_PROXY", "no_proxy" }) start.Environment[name] = "127.0.0.1,localhost";
        // The test host's MSBuild settings must not leak into the nested build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (args[0] is "build") start.Environment["NUGET_PACKAGES"] = Path.Combine(_dir, "nuget-cache");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"dotnet {string.Join(' ', args)} did not finish in {Patience}:\n{await stdout}\n{await stderr}");
        }

        string output = await stdout;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}:\n{output}\n{await stderr}");
        return output;
    }
}
