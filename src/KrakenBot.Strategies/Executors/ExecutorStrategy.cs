using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// A strategy that runs one executor to its end, so an executor runs wherever a strategy does (live, paper, sandbox,
/// backtest) with the host's tagging, P&amp;L and state. Every input steps the executor; once it ended the strategy
/// stays idle and shows the executor's report in status.
/// </summary>
/// <remarks>
/// Executors are not resumed after a restart: the executor's report is saved on every input, and a run that finds one
/// of a started executor does not start it again (it reports it as it was, ended as failed if it was still running, so
/// no second position is opened by mistake). Start with a reset state to run it anew. Stopping or pausing the strategy while
/// the executor runs ends it as <see cref="CloseType.EarlyStop"/>: its orders are cancelled by the host and the position is kept.
/// </remarks>
public sealed class ExecutorStrategy : Strategy
{
    private const string ReportKey = "executor";

    private readonly Executor _executor;
    private ExecutorReport? _restored;
    private readonly TaskCompletionSource<ExecutorReport> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A strategy running <paramref name="executor"/>.</summary>
    public ExecutorStrategy(Executor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
    }

    /// <inheritdoc />
    public override string Kind => _executor.Type;

    /// <inheritdoc />
    public override TradingPair Pair => _executor.Pair;

    /// <summary>The executor.</summary>
    public Executor Executor => _executor;

    /// <summary>Completes with the executor's report when it ended.</summary>
    public Task<ExecutorReport> Ended => _ended.Task;

    /// <summary>The executor's figures now (the stored ones when a restart found it already started).</summary>
    public ExecutorReport Report => _restored ?? _executor.Report(HasContext ? Context : null);

    /// <inheritdoc />
    public override object? StatusDetails() => Report;

    /// <inheritdoc />
    public override async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        if (Context.State.Get<ExecutorReport>(ReportKey) is { } stored)
        {
            _restored = stored.Status == ExecutorStatus.Terminated ? stored : stored with
            {
                Status = ExecutorStatus.Terminated,
                CloseType = CloseType.Failed,
                CloseReason = "interrupted by a restart: executors are not resumed (start with a reset state to run it again)",
            };
            Context.Logger.LogWarning("Executor {Id} was started before; not started again: {Reason}", stored.Id, _restored.CloseReason);
            _ended.TrySetResult(_restored);
            Context.State.Set(ReportKey, _restored);
            return;
        }

        await _executor.StartAsync(Context, cancellationToken).ConfigureAwait(false);
        AfterStep();
    }

    /// <inheritdoc />
    public override ValueTask OnTickAsync(CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken)
    {
        _executor.OnFill(order, fill);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnOrderChangedAsync(OwnedOrder order, OrderState previous, CancellationToken cancellationToken) =>
        _executor.Owns(order) ? StepAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <inheritdoc />
    public override ValueTask OnExchangeEventAsync(ExchangeEvent change, CancellationToken cancellationToken) => StepAsync(cancellationToken);

    /// <inheritdoc />
    public override ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        EndEarly("stopped");
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnPausedAsync(CancellationToken cancellationToken)
    {
        EndEarly("paused"); // the host cancelled its orders: it cannot go on where it was
        return ValueTask.CompletedTask;
    }

    private async ValueTask StepAsync(CancellationToken cancellationToken)
    {
        if (_restored is not null || _executor.IsDone || _executor.Status == ExecutorStatus.NotStarted)
        {
            return;
        }

        await _executor.StepAsync(Context, cancellationToken).ConfigureAwait(false);
        AfterStep();
    }

    // The host ends the executor's orders (stop, pause): it ends early, keeping its position.
    private void EndEarly(string why)
    {
        if (_restored is not null || _executor.IsDone || _executor.Status == ExecutorStatus.NotStarted)
        {
            return;
        }

        _executor.EarlyStop(keepPosition: true);
        _restored = _executor.Report(Context) with
        {
            Status = ExecutorStatus.Terminated,
            ClosedAt = Context.Now,
            CloseReason = $"{why} by the host, position kept",
        };
        Context.State.Set(ReportKey, _restored);
        _ended.TrySetResult(_restored);
    }

    private void AfterStep()
    {
        var report = _executor.Report(Context);
        Context.State.Set(ReportKey, report);
        if (_executor.IsDone)
        {
            _ended.TrySetResult(report);
        }
    }
}
