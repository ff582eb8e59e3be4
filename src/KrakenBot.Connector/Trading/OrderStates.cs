namespace KrakenBot.Connector.Trading;

/// <summary>The order state machine: which states are final and which moves between states are legal.</summary>
public static class OrderStates
{
    /// <summary>True for states an order never leaves: Filled, Cancelled, Expired, Failed.</summary>
    public static bool IsTerminal(this OrderState state) =>
        state is OrderState.Filled or OrderState.Cancelled or OrderState.Expired or OrderState.Failed;

    /// <summary>
    /// True when an order may move from <paramref name="from"/> to <paramref name="to"/>. Terminal states go
    /// nowhere. PartiallyFilled → PartiallyFilled is legal (another partial fill); other same-state moves are not
    /// transitions. PendingCancel may return to Open or PartiallyFilled (the cancel was refused) or end Filled (a fill
    /// won the race). Only a pending order can fail: once acknowledged, an order ends filled, cancelled or expired.
    /// </summary>
    public static bool CanTransition(OrderState from, OrderState to) => from switch
    {
        OrderState.PendingCreate => to is OrderState.Open or OrderState.PartiallyFilled or OrderState.Filled
            or OrderState.PendingCancel or OrderState.Cancelled or OrderState.Expired or OrderState.Failed,
        OrderState.Open => to is OrderState.PartiallyFilled or OrderState.Filled or OrderState.PendingCancel
            or OrderState.Cancelled or OrderState.Expired,
        OrderState.PartiallyFilled => to is OrderState.PartiallyFilled or OrderState.Filled or OrderState.PendingCancel
            or OrderState.Cancelled or OrderState.Expired,
        OrderState.PendingCancel => to is OrderState.Open or OrderState.PartiallyFilled or OrderState.Filled
            or OrderState.Cancelled or OrderState.Expired,
        _ => false,
    };
}
