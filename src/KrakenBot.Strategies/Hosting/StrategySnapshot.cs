using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Pnl;

namespace KrakenBot.Strategies.Hosting;

/// <summary>A strategy at one moment, for <c>status</c> and dashboards.</summary>
/// <param name="StrategyId">Its id.</param>
/// <param name="Kind">Its type.</param>
/// <param name="Exchange">The connector it runs on.</param>
/// <param name="Pair">The pair.</param>
/// <param name="Status">Running, paused, stopped or failed.</param>
/// <param name="Reason">Why it stopped, paused or failed; while running, why it cannot place orders or save its state now (else null).</param>
/// <param name="StartedAt">When the run began.</param>
/// <param name="Time">When this snapshot was taken.</param>
/// <param name="Pnl">P&amp;L now.</param>
/// <param name="Orders">Its open orders.</param>
/// <param name="Warnings">Lines for the WARNINGS block.</param>
/// <param name="Details">The strategy's own status (e.g. <see cref="MarketMaking.PureMarketMakingStatus"/>), or null.</param>
public sealed record StrategySnapshot(string StrategyId, string Kind, string Exchange, TradingPair Pair, StrategyStatus Status,
    string? Reason, DateTimeOffset? StartedAt, DateTimeOffset Time, PnlSnapshot Pnl, IReadOnlyList<OwnedOrderView> Orders,
    IReadOnlyList<string> Warnings, object? Details);

/// <summary>One open order of a strategy.</summary>
/// <param name="ClientOrderId">Our id.</param>
/// <param name="Label">The strategy's label (e.g. <c>buy 0</c>, <c>hang</c>).</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Price">Limit price.</param>
/// <param name="Amount">Amount ordered.</param>
/// <param name="Remaining">Amount still open.</param>
/// <param name="State">Order state.</param>
/// <param name="Age">Time since placed or last amended.</param>
/// <param name="Pending">Amend or cancel in flight.</param>
public sealed record OwnedOrderView(string ClientOrderId, string Label, OrderSide Side, decimal Price, decimal Amount, decimal Remaining,
    OrderState State, TimeSpan Age, OrderAction? Pending);
