using System.Diagnostics;
using System.Globalization;

namespace KrakenBot.Chaos;

/// <summary>A worker child process: this same program with <c>--worker</c>; stdout carries the protocol, stderr goes to a log file.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _stderr;

    private WorkerProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _stderr = new StreamWriter(logPath) { AutoFlush = true };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.WriteLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    public string LogPath { get; }
    public bool Killed { get; private set; }
    public int ExitCode => _process.ExitCode;

    public static WorkerProcess Start(Uri rest, string key, string secret, string journal, ChaosOptions options, int from, string logPath)
    {
        string assembly = typeof(WorkerProcess).Assembly.Location;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[assembly, "--worker", "--rest", rest.ToString(), "--key", key, "--journal", journal,
                     "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--orders", options.Orders.ToString(CultureInfo.InvariantCulture),
                     "--from", from.ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(arg);
        info.Environment[Worker.SecretVariable] = secret;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker process.");
        return new WorkerProcess(process, logPath);
    }

    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) => _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>SIGKILL on Linux: no finally blocks, no flushing, no goodbye.</summary>
    public void Kill()
    {
        Killed = true;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        _process.WaitForExit();
        _process.Dispose();
        lock (_stderr) _stderr.Dispose();
    }
}
