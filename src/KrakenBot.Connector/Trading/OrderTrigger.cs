namespace KrakenBot.Connector.Trading;

/// <summary>
/// How a triggered order (stop-loss, take-profit, trailing stop, and their limit forms) fires, exactly as the exchange
/// describes it. Prices are kept as the exchange's text because they may be offsets from the last trade rather than
/// prices: <c>+50.0000%</c>, <c>-100.0</c>, <c>#5%</c>.
/// </summary>
/// <param name="Price">The trigger price or offset, e.g. <c>60000.0</c> or <c>+50.0000%</c>.</param>
/// <param name="LimitPrice">For the limit forms, the limit price or offset once triggered; otherwise null.</param>
/// <param name="Reference">What the trigger watches: <c>last</c> (last trade, the default) or <c>index</c>.</param>
public sealed record OrderTrigger(string Price, string? LimitPrice = null, string Reference = "last")
{
    /// <summary>E.g. <c>trigger +50.0000% (last) -> limit -100.0</c>.</summary>
    public override string ToString() =>
        $"trigger {Price} ({Reference})" + (LimitPrice is null ? "" : " -> limit " + LimitPrice);
}
