using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Chaos;

/// <summary>What a run did and found.</summary>
internal sealed record ChaosReport(int Orders, int Accepted, int Faults, int Kills, AuditResult Audit, TimeSpan Elapsed)
{
    /// <summary>The one result line.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"orders={Orders} accepted={Accepted} fills={Audit.Fills} faults={Faults} kills={Kills} lost_orders={Audit.LostOrders} duplicate_orders={Audit.DuplicateOrders} " +
        $"orphan_orders={Audit.OrphanOrders} missed_fills={Audit.MissedFills} double_fills={Audit.DoubleFills} balance_mismatches={Audit.BalanceMismatches}");
}

/// <summary>
/// The harness side of a run: a sandbox with market activity in this process (its ground truth survives every kill),
/// the fault driver, and the worker process it starts, kills with SIGKILL every <see cref="ChaosOptions.KillEvery"/>
/// placements and restarts from its journal.
/// </summary>
internal sealed class ChaosRun
{
    private static readonly TimeSpan BalanceConvergence = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(3);

    private readonly ChaosOptions _options;
    private readonly TextWriter _log;

    public ChaosRun(ChaosOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
    }

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        string key = "chaos-trader-" + _options.Seed.ToString(CultureInfo.InvariantCulture);
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        string directory = Path.Combine(Path.GetTempPath(), "krakenbot-chaos", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string journal = Path.Combine(directory, "journal.db");

        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Tier = AccountTier.Pro,
            Seed = _options.Seed,
            MarketActivity = true,
            MarketActivityInterval = TimeSpan.FromMilliseconds(100),
            Accounts =
            [
                new SandboxAccount
                {
                    ApiKey = key, ApiSecret = secret,
                    Balances = new Dictionary<string, decimal> { ["USD"] = 10_000_000m, ["BTC"] = 100m, ["ETH"] = 2_000m, ["SOL"] = 50_000m },
                },
            ],
        }, cancellationToken);

        var driver = new FaultDriver(sandbox, _options.Faults, _options.Seed, TimeSpan.FromMilliseconds(400));
        using var stopFaults = new CancellationTokenSource();
        Task faults = Task.Run(() => driver.RunAsync(stopFaults.Token), CancellationToken.None);

        int next = 0, accepted = 0, kills = 0, starts = 0;
        Dictionary<string, (decimal, decimal)>? balances = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++starts > _options.Orders / Math.Max(1, _options.KillEvery) + 20)
                throw new InvalidOperationException($"The worker was started {starts} times without finishing; see {directory}/worker-*.log.");
            driver.WorkloadRunning = false;
            using var worker = WorkerProcess.Start(sandbox.RestUri, key, secret, journal, _options, next, Path.Combine(directory, $"worker-{starts}.log"));
            int sinceStart = 0;
            bool done = false;
            while (await worker.ReadLineAsync(cancellationToken) is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == WorkerProtocol.Placed)
                {
                    next = int.Parse(parts[1], CultureInfo.InvariantCulture) + 1;
                    accepted += parts[2] == "1" ? 1 : 0;
                    driver.StepDone(next - 1);
                    if (_options.KillEvery > 0 && ++sinceStart >= _options.KillEvery && next < _options.Orders)
                    {
                        worker.Kill();
                        kills++;
                        _log.WriteLine($"killed the worker after step {next - 1} (kill {kills})");
                        break;
                    }
                }
                else if (parts[0] == WorkerProtocol.Ready)
                {
                    driver.WorkloadRunning = true;
                    _log.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] worker {starts} ready at step {next}");
                }
                else if (parts[0] == WorkerProtocol.Done)
                {
                    _log.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] workload done; {driver.Count} faults so far; settling");
                    await stopFaults.CancelAsync();
                    await faults;
                    worker.WriteLine(WorkerProtocol.Settle);
                    using var settleLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    settleLimit.CancelAfter(SettleLimit);
                    try
                    {
                        balances = await ReadConvergedBalancesAsync(worker, sandbox, key, settleLimit.Token);
                        _log.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] settled");
                        worker.WriteLine(WorkerProtocol.Stop);
                        await worker.WaitForExitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Something never settles (an order stuck pending): the audit below says which.
                        _log.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] the worker did not settle within {SettleLimit.TotalMinutes} min; see {worker.LogPath}");
                        worker.Kill();
                    }
                    done = true;
                    break;
                }
            }
            if (done) break;
            if (!worker.Killed)
            {
                // Died on its own: that is a crash, a finding in itself; it restarts from the journal like after a kill.
                await worker.WaitForExitAsync(cancellationToken);
                _log.WriteLine($"the worker exited by itself with code {worker.ExitCode} after step {next - 1}; see {worker.LogPath}");
            }
        }

        var audit = await Audit.RunAsync(sandbox, key, journal, balances);
        foreach (var finding in audit.Findings.Take(50)) _log.WriteLine(finding);
        var report = new ChaosReport(_options.Orders, accepted, driver.Count, kills, audit, clock.Elapsed);
        if (audit.Clean && Environment.GetEnvironmentVariable("KRAKENBOT_CHAOS_KEEP") is null) TryDelete(directory);
        else _log.WriteLine($"journal and worker logs kept in {directory}");
        return report;
    }

    private async Task<Dictionary<string, (decimal, decimal)>?> ReadConvergedBalancesAsync(WorkerProcess worker, SandboxHost sandbox, string key,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var current = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal);
        Dictionary<string, (decimal, decimal)>? last = null;
        while (await worker.ReadLineAsync(cancellationToken) is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == WorkerProtocol.Balance)
            {
                current[parts[1]] = (decimal.Parse(parts[2], CultureInfo.InvariantCulture), decimal.Parse(parts[3], CultureInfo.InvariantCulture));
            }
            else if (parts[0] == WorkerProtocol.BalancesEnd)
            {
                last = current;
                current = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal);
                if (Audit.BalanceMismatches(sandbox, key, last) == 0 || deadline.Elapsed > BalanceConvergence) return last;
            }
        }
        _log.WriteLine($"the worker stopped before its balances converged; see {worker.LogPath}");
        return last;
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
