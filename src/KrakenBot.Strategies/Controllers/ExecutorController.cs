using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Controllers;

/// <summary>
/// A controller (Hummingbot V2): one strategy that owns several executors, each with its own orders, budget check and
/// P&amp;L, and stops them on drawdown: an executor whose net P&amp;L fell <see cref="ExecutorControllerConfig.MaxExecutorDrawdownQuote"/>
/// below its peak is stopped early (position closed); when the sum over all executors fell
/// <see cref="ExecutorControllerConfig.MaxGlobalDrawdownQuote"/> below its peak, every executor is stopped.
/// </summary>
/// <remarks>
/// Peaks start at 0 (nothing traded yet), so a drawdown is also a plain loss from the start. P&amp;L figures are in the
/// quote asset of the executors' pairs, which must share it. Like <see cref="ExecutorStrategy"/>, executors are not
/// resumed after a restart.
/// </remarks>
public sealed class ExecutorController : Strategy
{
    private readonly ExecutorControllerConfig _config;
    private readonly Dictionary<string, decimal> _peaks = new(StringComparer.Ordinal);
    private decimal _globalPeak;

    /// <summary>A controller running <paramref name="config"/>'s executors.</summary>
    public ExecutorController(ExecutorControllerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Executors.Count == 0) throw new ArgumentException("A controller needs at least one executor.", nameof(config));
        if (config.Executors.Select(e => e.Pair.Quote).Distinct().Count() > 1)
            throw new ArgumentException("The executors of a controller must share one quote asset (its P&L and drawdowns are in it).", nameof(config));
        if (config.Executors.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count() != config.Executors.Count)
            throw new ArgumentException("Each executor of a controller needs its own id (it labels its orders).", nameof(config));
        _config = config;
    }

    /// <inheritdoc />
    public override string Kind => "executor_controller";

    /// <inheritdoc />
    public override TradingPair Pair => _config.Executors[0].Pair;

    /// <inheritdoc />
    public override IReadOnlyList<TradingPair> WatchedPairs => [.. _config.Executors.Select(e => e.Pair).Distinct()];

    /// <summary>The executors.</summary>
    public IReadOnlyList<Executor> Executors => _config.Executors;

    /// <summary>Why the controller stopped every executor (its global drawdown), or null.</summary>
    public string? GlobalStop { get; private set; }

    /// <summary>Net P&amp;L of all executors now, in the quote asset.</summary>
    public decimal NetPnlQuote => _config.Executors.Sum(e => e.Report(HasContext ? Context : null).NetPnlQuote);

    /// <inheritdoc />
    public override object? StatusDetails() => _config.Executors.Select(e => e.Report(HasContext ? Context : null)).ToList();

    /// <inheritdoc />
    public override async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        foreach (var executor in _config.Executors) await executor.StartAsync(Context, cancellationToken).ConfigureAwait(false);
        await ControlAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask OnTickAsync(CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken)
    {
        foreach (var executor in _config.Executors) executor.OnFill(order, fill); // only its owner counts it
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnOrderChangedAsync(OwnedOrder order, OrderState previous, CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnExchangeEventAsync(ExchangeEvent change, CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        foreach (var executor in _config.Executors) executor.EarlyStop(keepPosition: true); // the host cancels the orders
        return ValueTask.CompletedTask;
    }

    private async ValueTask StepAsync(CancellationToken cancellationToken)
    {
        foreach (var executor in _config.Executors)
        {
            if (executor.Status != ExecutorStatus.NotStarted && !executor.IsDone)
                await executor.StepAsync(Context, cancellationToken).ConfigureAwait(false);
        }

        await ControlAsync(cancellationToken).ConfigureAwait(false);
    }

    // Drawdown stops: an executor past its limit, then all of them past the global one; each stopped one steps at once
    // (its cancels and closing order go out now, not on the next input).
    private async ValueTask ControlAsync(CancellationToken cancellationToken)
    {
        var stopped = new List<Executor>();
        decimal total = 0m;
        foreach (var executor in _config.Executors)
        {
            decimal pnl = executor.Report(Context).NetPnlQuote;
            total += pnl;
            decimal peak = _peaks[executor.Id] = Math.Max(_peaks.GetValueOrDefault(executor.Id), pnl);
            if (_config.MaxExecutorDrawdownQuote is { } limit && peak - pnl >= limit && executor.Status == ExecutorStatus.Running)
            {
                Context.Logger.LogWarning("Executor {Id}: drawdown {Drawdown} reached its limit {Limit}; stopping it", executor.Id, peak - pnl, limit);
                executor.EarlyStop();
                stopped.Add(executor);
            }
        }

        _globalPeak = Math.Max(_globalPeak, total);
        if (GlobalStop is null && _config.MaxGlobalDrawdownQuote is { } global && _globalPeak - total >= global)
        {
            GlobalStop = $"global drawdown {_globalPeak - total} reached its limit {global}";
            Context.Logger.LogWarning("Controller: {Reason}; stopping every executor", GlobalStop);
            foreach (var executor in _config.Executors.Where(e => e.Status == ExecutorStatus.Running))
            {
                executor.EarlyStop();
                stopped.Add(executor);
            }
        }

        foreach (var executor in stopped) await executor.StepAsync(Context, cancellationToken).ConfigureAwait(false);
    }
}
