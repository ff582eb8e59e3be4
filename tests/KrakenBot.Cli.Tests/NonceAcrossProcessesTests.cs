using System.Text;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// A script of many short CLI commands on one key, interleaved with another program on the same key that uses a plain
/// microsecond-clock nonce (as most Kraken scripts do): the CLI's nonces must stay at the clock, never run ahead of it.
/// </summary>
public sealed class NonceAcrossProcessesTests : IAsyncLifetime
{
    private const int Processes = 50;
    private const string Key = "nonce-script-key";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-cli-nonce-test-secret-0123456789"));
    private readonly RestCounterClock _sandboxClock = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", Guid.NewGuid().ToString("N"));
    private KrakenBot.Sandbox.SandboxHost? _sandbox;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _sandbox = await KrakenBot.Sandbox.SandboxHost.StartAsync(new KrakenBot.Sandbox.SandboxOptions
        {
            Accounts = [new KrakenBot.Sandbox.SandboxAccount { ApiKey = Key, ApiSecret = Secret, Balances = new Dictionary<string, decimal> { ["USD"] = 1000m } }],
            TimeProvider = _sandboxClock,
        });
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Fifty_cli_processes_keep_the_nonce_at_the_clock_and_a_clock_nonce_client_on_the_key_is_never_refused()
    {
        var sandbox = _sandbox!;
        var env = new Dictionary<string, string> { ["KRAKEN_API_KEY"] = Key, ["KRAKEN_API_SECRET"] = Secret };
        string[] endpoint =
        [
            "--rest-url", sandbox.RestUri.GetLeftPart(UriPartial.Authority), "--ws-url", sandbox.WebSocketUri.ToString(),
            "--ws-auth-url", sandbox.WebSocketAuthUri.ToString(), "--data-dir", _dataDir,
        ];
        using var other = new RawKrakenClient(sandbox.RestUri, Key, Secret);

        for (int i = 0; i < Processes; i++)
        {
            // Each start of the connector spends several points of the key's REST counter; a script this fast would be
            // refused for that on Kraken too. Let the sandbox's counter decay between processes (nonces are not timed).
            _sandboxClock.Jump(TimeSpan.FromMinutes(1));
            long startedAt = RawKrakenClient.NowMicros();
            var result = await CliProcess.RunAsync([.. endpoint, "balance", "-o", "json"], null, env);
            long endedAt = RawKrakenClient.NowMicros();
            Assert.True(result.ExitCode == 0, $"process {i}: {result}");

            // The process's last nonce is a clock reading taken while it ran, not a value in the future.
            ulong last = sandbox.LastNonce(Key);
            Assert.InRange((long)last, startedAt, endedAt);

            // The other program on the key, right after: its clock nonce is above everything the CLI sent.
            _sandboxClock.Jump(TimeSpan.FromMinutes(1));
            string error = RawKrakenClient.Errors(await other.PostAsync("Balance"));
            Assert.True(error.Length == 0, $"after process {i} the clock-nonce client was refused: {error}");
        }
    }
}

/// <summary>
/// The real clock for the sandbox, with "now" and its timestamps moved forward on demand: the REST call counter decays
/// as if the test had waited, while nothing waits.
/// </summary>
internal sealed class RestCounterClock : TimeProvider
{
    private long _offsetTicks;

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        base.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));
}
