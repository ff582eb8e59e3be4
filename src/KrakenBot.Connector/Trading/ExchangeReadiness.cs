namespace KrakenBot.Connector.Trading;

/// <summary>Whether the connector can trade now, and if not, which part is missing and why.</summary>
/// <param name="Components">Every component, ready or not.</param>
public sealed record ExchangeReadiness(IReadOnlyList<ComponentReadiness> Components)
{
    /// <summary>True when every component is ready.</summary>
    public bool IsReady
    {
        get
        {
            foreach (ComponentReadiness component in Components)
                if (!component.IsReady) return false;
            return true;
        }
    }
}

/// <summary>
/// One part of the connector: e.g. <c>markets</c> (catalog loaded), <c>books</c> (every watched book exact),
/// <c>user_stream</c> (private socket live), <c>balances</c> (known).
/// </summary>
/// <param name="Name">The component, e.g. <c>markets</c>.</param>
/// <param name="IsReady">True when it is ready.</param>
/// <param name="Reason">Why it is not ready (null when ready).</param>
public sealed record ComponentReadiness(string Name, bool IsReady, string? Reason = null);
