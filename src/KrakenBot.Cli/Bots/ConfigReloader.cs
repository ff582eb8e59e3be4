using KrakenBot.Cli.Output;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.MarketMaking.Config;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Cli.Bots;

/// <summary>What became of the last change to a running bot's config file.</summary>
/// <param name="At">When the change was seen.</param>
/// <param name="Applied">True when the running strategy took it.</param>
/// <param name="Message">What was applied, or why not and what to do.</param>
internal sealed record ConfigReload(DateTimeOffset At, bool Applied, string Message);

/// <summary>
/// Applies a running bot's config file again when it changes: the parameters Hummingbot marks live-updatable (pure
/// market making's spreads, amounts, levels, level spread, filled-order delay, skew, bands, optimization) take effect on
/// the strategy's loop at once. A change to anything else, a file that no longer loads, or a strategy that cannot change
/// while it runs is refused with the reason, and the bot runs on as it was; the file is looked at again only once it
/// changes again.
/// </summary>
internal sealed class ConfigReloader
{
    private readonly string _path;
    private readonly LoadedStrategy _running;
    private readonly string? _strategyAssembly;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string _seen;

    public ConfigReloader(string path, LoadedStrategy running, string? strategyAssembly, HttpClient http, TimeProvider time, ILogger logger)
    {
        _path = path;
        _running = running;
        _strategyAssembly = strategyAssembly;
        _http = http;
        _time = time;
        _logger = logger;
        _seen = ReadOrNull() ?? "";
    }

    /// <summary>The outcome of the last change seen; null while the file is as the bot started with it.</summary>
    public ConfigReload? Last { get; private set; }

    /// <summary>Applies the file if it changed since last looked at.</summary>
    public async Task CheckAsync(StrategyRunner runner)
    {
        // Unreadable for a moment (an editor replacing it): looked at again on the next check.
        if (ReadOrNull() is not { } text || text == _seen)
        {
            return;
        }

        _seen = text;
        var (applied, message) = await ApplyAsync(runner).ConfigureAwait(false);
        Last = new ConfigReload(_time.GetUtcNow(), applied, message);
        if (applied)
        {
            _logger.LogInformation("Config {Path} changed: {Message}", _path, message);
        }
        else
        {
            _logger.LogWarning("Config {Path} changed but was not applied: {Message}", _path, message);
        }
    }

    private async Task<(bool Applied, string Message)> ApplyAsync(StrategyRunner runner)
    {
        LoadedStrategy next;
        try
        {
            next = StrategyConfigs.Load(_path, _running.StrategyId, strategyAssembly: _strategyAssembly);
        }
        catch (CliException e)
        {
            return (false, $"{e.Message} The bot runs on with the settings it had; fix the file to apply it.");
        }

        if (next.Kind != _running.Kind || next.Exchange != _running.Exchange || next.Market != _running.Market)
        {
            return (false, $"the file now runs {next.Kind} on {next.Exchange} {next.Market}, the bot runs {_running.Kind} on {_running.Exchange} " +
                           $"{_running.Market}: stop the bot and start it again to switch.");
        }

        if (next.Settings != _running.Settings)
        {
            return (false, "tick_interval, the kill switch and the dead man's switch apply from the next start: stop the bot and start it again.");
        }

        if (next.Create(_http) is not PureMarketMaking replacement)
        {
            return (false, $"{_running.Kind} takes its settings at start only: stop the bot and start it again to apply the file.");
        }

        IReadOnlyList<string> changed = [];
        try
        {
            await runner.UpdateAsync(strategy => changed = ((PureMarketMaking)strategy).UpdateConfig(replacement.Config)).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            return (false, e.Message);
        }

        return (true, changed.Count == 0 ? "no parameter changed." : $"applied to the running strategy: {string.Join("; ", changed)}.");
    }

    private string? ReadOrNull()
    {
        try
        {
            return File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
