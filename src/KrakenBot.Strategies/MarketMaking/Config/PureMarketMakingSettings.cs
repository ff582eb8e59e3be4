using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.Risk;

namespace KrakenBot.Strategies.MarketMaking.Config;

/// <summary>
/// The host settings a PMM config file carries besides the strategy's parameters (KrakenBot additions; Hummingbot
/// keeps them in its global config): tick, kill switch, dead man's switch.
/// </summary>
public sealed record PureMarketMakingSettings
{
    /// <summary>Clock tick (1 s default, 0.1 s minimum).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Kill switch on return since start (fraction; positive takes profit, negative stops a loss); null: off.</summary>
    public decimal? KillSwitchRate { get; init; }

    /// <summary>Kill switch on drawdown from peak equity (fraction); null: off.</summary>
    public decimal? KillSwitchMaxDrawdown { get; init; }

    /// <summary><c>stop</c> or <c>pause</c> when the kill switch fires.</summary>
    public string KillSwitchAction { get; init; } = "stop";

    /// <summary>Dead man's switch timeout on live Kraken; zero: off.</summary>
    public TimeSpan DeadManSwitchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The host options for the strategy <paramref name="strategyId"/>.</summary>
    public StrategyHostOptions ToHostOptions(string strategyId, bool resetState = false) => new()
    {
        StrategyId = strategyId,
        TickInterval = TickInterval,
        KillSwitch = new KillSwitchOptions
        {
            Return = KillSwitchRate,
            Drawdown = KillSwitchMaxDrawdown,
            Action = KillSwitchAction == "pause" ? Risk.KillSwitchAction.Pause : Risk.KillSwitchAction.Stop,
        },
        DeadManSwitchTimeout = DeadManSwitchTimeout == TimeSpan.Zero ? null : DeadManSwitchTimeout,
        ResetState = resetState,
    };
}
