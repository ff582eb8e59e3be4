using KrakenBot.Cli.Metrics;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// One bot running in this process (<c>krakenbot start</c>): the strategy runner on the chosen exchange, its status
/// written to <c>status.json</c> each second, a stop asked for by <c>krakenbot stop</c>, Ctrl+C or SIGTERM carried out
/// (orders cancelled and confirmed gone unless kept), and the run's end turned into an exit code.
/// </summary>
internal sealed class BotRun
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CancelConfirmTimeout = TimeSpan.FromSeconds(20);

    private readonly BotFiles _files;
    private readonly IExchange _exchange;
    private readonly StrategyRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _configPath;
    private readonly TaskCompletionSource<string> _stopAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BotRun(BotFiles files, IExchange exchange, StrategyRunner runner, TimeProvider time, ILogger logger, string configPath)
    {
        _files = files;
        _exchange = exchange;
        _runner = runner;
        _time = time;
        _logger = logger;
        _configPath = configPath;
    }

    /// <summary>Asks the run to stop (orders cancelled and confirmed gone), as <c>krakenbot stop</c> does; e.g. from the dashboard.</summary>
    public void RequestStop(string reason) => _stopAsked.TrySetResult(reason);

    /// <summary>The connector's key figures, written into the status (none when null).</summary>
    public KeyMetrics? Metrics { get; init; }

    /// <summary>Applies the config file again when it changes (checked each status interval); null: never.</summary>
    public ConfigReloader? Reloader { get; init; }

    /// <summary>Runs until the strategy ends, a stop is requested or <paramref name="cancellationToken"/> fires (Ctrl+C).</summary>
    /// <param name="onStatus">Called with each status document written (the live panel).</param>
    public async Task<StrategySnapshot> RunAsync(Action<byte[]>? onStatus, CancellationToken cancellationToken)
    {
        bool? keepOrders = null;
        while (true)
        {
            if (Reloader is not null && !_runner.Completion.IsCompleted)
            {
                await Reloader.CheckAsync(_runner).ConfigureAwait(false);
            }

            var (snapshot, document) = await WriteStatusAsync().ConfigureAwait(false);
            onStatus?.Invoke(document);
            if (_runner.Completion.IsCompleted)
            {
                // The kill switch stopped it, or it failed: its orders were cancelled; fills that beat the cancels count.
                if (await OrdersLeftAsync().ConfigureAwait(false) is { Count: > 0 } left)
                {
                    _logger.LogWarning("Bot {Bot} ended with orders still open after their cancels: {Orders}", _files.Id, string.Join(", ", left));
                }

                await _runner.CountLateFillsAsync().ConfigureAwait(false);
                var (ended, endedDocument) = await WriteStatusAsync().ConfigureAwait(false);
                onStatus?.Invoke(endedDocument);
                return ended;
            }

            keepOrders = _files.TakeStopRequest();
            if (keepOrders is not null || cancellationToken.IsCancellationRequested || _stopAsked.Task.IsCompleted) break;

            try
            {
                await Task.WhenAny(_runner.Completion, _stopAsked.Task, Task.Delay(StatusInterval, _time, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C / SIGTERM: stop below.
            }
        }

        bool keep = keepOrders ?? false;
        string reason = keepOrders is not null ? "stopped by 'krakenbot stop'"
            : _stopAsked.Task.IsCompleted ? _stopAsked.Task.Result
            : "stopped by signal (Ctrl+C or SIGTERM)";
        _logger.LogInformation("Bot {Bot} stopping: {Reason}; orders {Orders}", _files.Id, reason, keep ? "kept" : "cancelled");
        await _runner.StopAsync(cancelOrders: !keep, reason).ConfigureAwait(false);
        if (!keep)
        {
            await ConfirmOrdersGoneAsync().ConfigureAwait(false);
            // An order the market filled while its cancel was on the way: its fill is part of the run's P&L.
            await _runner.CountLateFillsAsync().ConfigureAwait(false);
        }

        var (final, finalDocument) = await WriteStatusAsync().ConfigureAwait(false);
        onStatus?.Invoke(finalDocument);
        return final;
    }

    /// <summary>Writes the status file now (also after the run ended: the last word a stopped bot leaves).</summary>
    public async Task<(StrategySnapshot Snapshot, byte[] Document)> WriteStatusAsync()
    {
        var snapshot = await _runner.SnapshotAsync().ConfigureAwait(false);
        var document = BotStatusDocument.Write(snapshot, _exchange.Balances, Environment.ProcessId, _configPath, Metrics?.Snapshot(), Reloader?.Last);
        _files.WriteStatus(document);
        return (snapshot, document);
    }

    // Cancels are sent, not awaited, by the strategy's loop; a bot that exits before they are answered could leave an
    // order behind. Wait (bounded) until the exchange no longer lists any open order carrying this bot's tag.
    private async Task ConfirmOrdersGoneAsync()
    {
        if (await OrdersLeftAsync().ConfigureAwait(false) is { Count: > 0 } left)
        {
            throw new CliException("outcome_unknown",
                $"The bot '{_files.Id}' stopped, but these orders were still open {CancelConfirmTimeout.TotalSeconds:0} s after their cancels were sent: " +
                $"{string.Join(", ", left)}. Check them with 'krakenbot orders' and cancel them with 'krakenbot cancel ID'.");
        }
    }

    // The bot's orders the exchange still lists as open once CancelConfirmTimeout has passed (none as soon as they are gone).
    private async Task<IReadOnlyList<string>> OrdersLeftAsync()
    {
        string tag = StrategyIds.OrderTag(_files.Id);
        var deadline = _time.GetUtcNow() + CancelConfirmTimeout;
        while (_exchange.OpenOrders.Any(o => o.Request.ClientTag == tag && !o.IsReadOnly))
        {
            if (_time.GetUtcNow() > deadline)
            {
                return [.. _exchange.OpenOrders.Where(o => o.Request.ClientTag == tag).Select(o => o.ExchangeOrderId ?? o.ClientOrderId)];
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time).ConfigureAwait(false);
        }

        return [];
    }
}
