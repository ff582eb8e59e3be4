using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Dashboard.State;

/// <summary>What a dashboard shows: an exchange account, and the strategy running on it when there is one.</summary>
public sealed record DashboardSource
{
    /// <summary>The account (live, paper or sandbox).</summary>
    public required IExchange Exchange { get; init; }

    /// <summary>The label shown on the page.</summary>
    public required TradingMode Mode { get; init; }

    /// <summary>The running strategy, or null for an account dashboard (<c>krakenbot dashboard</c>).</summary>
    public StrategyRunner? Runner { get; init; }

    /// <summary>The pair whose book, orders and fills are shown; the strategy's pair when a runner is given.</summary>
    public TradingPair? Pair { get; init; }

    /// <summary>Fills from before the dashboard started (e.g. the journal's latest), newest first.</summary>
    public IReadOnlyList<Fill> EarlierFills { get; init; } = [];

    /// <summary>Book levels shown per side.</summary>
    public int BookLevels { get; init; } = 10;
}
