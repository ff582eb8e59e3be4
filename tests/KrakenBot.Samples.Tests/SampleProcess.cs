using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace KrakenBot.Samples.Tests;

/// <summary>What one run of a sample left behind.</summary>
public sealed record SampleResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>The non-empty lines of stdout.</summary>
    public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit={ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs a sample's built dll with <c>dotnet</c>, with no way out of the machine.</summary>
public static class SampleProcess
{
    /// <summary>The repository's root (where <c>KrakenBot.slnx</c> is).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs <c>samples/NAME</c> to its end; a sample that does not end within the bound fails the test with its output.</summary>
    public static async Task<SampleResult> RunAsync(string name, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DllOf(name));
        foreach (var a in args) start.ArgumentList.Add(a);
        // Samples run offline: anything not on loopback goes to a closed loopback port and fails at once.
        foreach (var variable in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
            start.Environment[variable] = "http://127.0.0.1:9";
        foreach (var variable in new[] { "NO_PROXY", "no_proxy" }) start.Environment[variable] = "127.0.0.1,localhost";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Bounds a failure only: a sample ends by itself in seconds, a loaded CI machine may take much longer.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"samples/{name} did not end; stdout so far:\n{await stdout}\nstderr:\n{await stderr}");
        }
        return new SampleResult(process.ExitCode, await stdout, await stderr);
    }

    private static string DllOf(string name)
    {
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string path = Path.Combine(RepositoryRoot, "samples", name, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"samples/{name} is not built at {path}: build it first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KrakenBot.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (KrakenBot.slnx) above " + AppContext.BaseDirectory);
    }
}
