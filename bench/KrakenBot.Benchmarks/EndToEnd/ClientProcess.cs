using System.Diagnostics;
using System.Threading.Channels;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>
/// A benchmark client run as its own process (so its CPU time is its own), driven by lines: it prints <c>ready</c>,
/// <c>warm</c> and <c>done …</c> on stdout, and ends when it reads <c>quit</c> on stdin.
/// </summary>
internal sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];

    private ClientProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) _lines.Writer.TryComplete();
            else _lines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_errors) _errors.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public static ClientProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return new ClientProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>The next stdout line starting with <paramref name="word"/> (other lines are echoed).</summary>
    public async Task<string> WaitForAsync(string word, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                string line = await _lines.Reader.ReadAsync(guard.Token).ConfigureAwait(false);
                if (line.StartsWith(word, StringComparison.Ordinal)) return line;
                Console.WriteLine($"    client: {line}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            string errors;
            lock (_errors) errors = string.Join(Environment.NewLine, _errors.TakeLast(20));
            throw new InvalidOperationException(
                $"The client did not print '{word}' within {timeout} (exited: {_process.HasExited}).{Environment.NewLine}{errors}", ex);
        }
    }

    public async Task QuitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Already gone.
        }
        using var guard = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(guard.Token).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
