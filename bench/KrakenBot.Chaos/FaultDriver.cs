using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Chaos;

/// <summary>
/// Switches the sandbox's faults on and off at random: the choices come from a seeded <see cref="Random"/>, the pace
/// from the workload (one tick every <see cref="StepsPerTick"/> steps), so a loaded machine meets the same faults at
/// the same steps as an idle one. Only while a worker starts does the wall clock pace it, and then it only lets
/// windows run out (no draws), so a start is never stuck behind a fault and the schedule stays the seed's.
/// </summary>
internal sealed class FaultDriver
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD", "ETH/BTC"];

    private readonly SandboxFaults _faults;
    private readonly IReadOnlyList<FaultKind> _kinds;
    private readonly Random _random;
    private readonly TimeSpan _tick;
    private readonly List<(FaultKind Kind, int TicksLeft, string? Pair)> _windows = [];
    private int _count;

    public FaultDriver(SandboxHost sandbox, IReadOnlyList<FaultKind> kinds, int seed, TimeSpan tick)
    {
        _faults = sandbox.Faults;
        _kinds = kinds;
        _random = new Random(HashCode.Combine(seed, 0xFA17));
        _tick = tick;
    }

    /// <summary>Workload steps per fault tick: about one tick per 400 ms at an idle machine's pace.</summary>
    public const int StepsPerTick = 4;

    private readonly Lock _gate = new();
    private volatile bool _workloadRunning;

    /// <summary>Faults switched on so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether a worker is running workload steps (ticks come from steps) or starting (windows run out by time).</summary>
    public bool WorkloadRunning
    {
        get => _workloadRunning;
        set => _workloadRunning = value;
    }

    /// <summary>Notes that workload step <paramref name="step"/> finished; every <see cref="StepsPerTick"/> steps is a tick.</summary>
    public void StepDone(int step)
    {
        if (_kinds.Count == 0 || (step + 1) % StepsPerTick != 0) return;
        lock (_gate)
        {
            ExpireWindows();
            // About two new faults in five ticks keeps the connector under pressure without a permanent outage.
            if (_random.NextDouble() < 0.4) Inject(_kinds[_random.Next(_kinds.Count)]);
        }
    }

    /// <summary>While no workload runs, lets fault windows run out on the clock; when cancelled, switches every fault off.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_kinds.Count == 0) return;
        try
        {
            using var timer = new PeriodicTimer(_tick);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_workloadRunning) continue;
                lock (_gate) ExpireWindows();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _windows.Clear();
                _faults.Clear();
            }
        }
    }

    private void Inject(FaultKind kind)
    {
        Interlocked.Increment(ref _count);
        int small = _random.Next(1, 4);
        switch (kind)
        {
            case FaultKind.SocketDrop: _faults.DropSockets(); break;
            case FaultKind.SocketDropEvery: _faults.DropSocketsEvery = TimeSpan.FromMilliseconds(_random.Next(300, 1500)); Window(kind); break;
            case FaultKind.AckDrop: _faults.DropAcks(small); break;
            case FaultKind.AckDelay: _faults.AckDelay = TimeSpan.FromMilliseconds(_random.Next(100, 3000)); Window(kind); break;
            case FaultKind.ReplySwallowed: _faults.SwallowOrderReplies(small); break;
            case FaultKind.DuplicateExecutions: _faults.DuplicateExecutions(_random.Next(5, 30)); break;
            case FaultKind.ReorderExecutions: _faults.ReorderExecutions(_random.Next(5, 30)); break;
            case FaultKind.Rest502: _faults.FailRest(RestFault.BadGateway, small); break;
            case FaultKind.RestUnavailable: _faults.FailRest(RestFault.Unavailable, small); break;
            case FaultKind.RestBusy: _faults.FailRest(RestFault.Busy, small); break;
            case FaultKind.RateLimit: _faults.ForceRateLimit(small); break;
            case FaultKind.Maintenance: _faults.SystemStatus = TradingStatus.Maintenance; Window(kind); break;
            case FaultKind.CancelOnly: _faults.SystemStatus = TradingStatus.CancelOnly; Window(kind); break;
            case FaultKind.PairStatus:
                string pair = Pairs[_random.Next(Pairs.Length)];
                _faults.SetPairStatus(pair, _random.Next(3) switch { 0 => TradingStatus.CancelOnly, 1 => TradingStatus.PostOnly, _ => TradingStatus.LimitOnly });
                Window(kind, pair);
                break;
            case FaultKind.CorruptChecksum: _faults.CorruptNextChecksum(small); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private void Window(FaultKind kind, string? pair = null) => _windows.Add((kind, _random.Next(1, 5), pair));

    private void ExpireWindows()
    {
        for (int i = _windows.Count - 1; i >= 0; i--)
        {
            var (kind, left, pair) = _windows[i];
            if (left > 1)
            {
                _windows[i] = (kind, left - 1, pair);
                continue;
            }
            _windows.RemoveAt(i);
            switch (kind)
            {
                case FaultKind.SocketDropEvery: _faults.DropSocketsEvery = null; break;
                case FaultKind.AckDelay: _faults.AckDelay = TimeSpan.Zero; break;
                case FaultKind.Maintenance or FaultKind.CancelOnly:
                    if (!_windows.Exists(w => w.Kind is FaultKind.Maintenance or FaultKind.CancelOnly)) _faults.SystemStatus = TradingStatus.Online;
                    break;
                case FaultKind.PairStatus: _faults.SetPairStatus(pair!, TradingStatus.Online); break;
            }
        }
    }
}
