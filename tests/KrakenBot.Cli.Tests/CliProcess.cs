using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Cli.Tests;

/// <summary>What one run of the CLI left behind.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>stdout parsed as one JSON document (fails the test when it is not exactly that).</summary>
    public JsonElement Json()
    {
        try
        {
            using var doc = JsonDocument.Parse(StdOut);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON document ({e.Message}). exit={ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        }
    }

    public override string ToString() => $"exit={ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs the built <c>krakenbot.dll</c> with <c>dotnet</c>, a clean environment and optional stdin.</summary>
public static class CliProcess
{
    private static readonly Lazy<string> Dll = new(FindDll);

    public static string DllPath => Dll.Value;

    /// <summary>Where every non-loopback request of the CLI under test goes: port 9 on loopback, where nothing listens.</summary>
    public const string NoInternetProxy = "http://127.0.0.1:9";

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var running = Start(args, env);
        if (stdin is not null) await running.Process.StandardInput.WriteAsync(stdin);
        running.Process.StandardInput.Close();
        return await running.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts the CLI and returns at once (a bot, a sandbox): the caller waits for it, or kills it.</summary>
    public static RunningCli Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Nothing from the developer's shell may leak in (keys, endpoints, data dir).
        foreach (var name in new[] { "KRAKEN_API_KEY", "KRAKEN_API_SECRET", "KRAKEN_SPOT_URL", "KRAKEN_WS_PUBLIC_URL", "KRAKEN_WS_AUTH_URL", "KRAKENBOT_PASSWORD", "KRAKENBOT_DATA_DIR", "KRAKENBOT_JOURNAL" })
            start.Environment.Remove(name);
        // Tests reach only 127.0.0.1: anything else goes to a proxy on a closed loopback port and fails at once, so a
        // command that would wrongly go to live Kraken fails the test instead of reaching the internet.
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
            start.Environment[name] = NoInternetProxy;
        foreach (var name in new[] { "NO_PROXY", "no_proxy" }) start.Environment[name] = "127.0.0.1,localhost";
        if (env is not null) foreach (var (k, v) in env) start.Environment[k] = v;
        return new RunningCli(Process.Start(start)!, string.Join(' ', args));
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null, null);

    private static string FindDll()
    {
        var configuration = typeof(CliProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "KrakenBot.slnx"))) continue;
            var path = Path.Combine(dir.FullName, "src", "KrakenBot.Cli", "bin", configuration, "net10.0", "krakenbot.dll");
            if (File.Exists(path)) return path;
            throw new InvalidOperationException($"The CLI is not built at {path}: build src/KrakenBot.Cli first.");
        }
        throw new InvalidOperationException("Cannot find the repository root (KrakenBot.slnx) above " + AppContext.BaseDirectory);
    }
}

/// <summary>A CLI process under way: its output is collected as it comes.</summary>
public sealed class RunningCli : IDisposable
{
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly string _args;

    internal RunningCli(Process process, string args)
    {
        Process = process;
        _args = args;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public Process Process { get; }

    /// <summary>Waits for the exit (bounded: a hang fails the test, with the output so far).</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"krakenbot {_args} did not finish; stdout so far:\n{await _stdout}\nstderr:\n{await _stderr}");
        }
        return new CliResult(Process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>kill -9: no clean-up of any kind runs.</summary>
    public async Task<CliResult> KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        return new CliResult(Process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
