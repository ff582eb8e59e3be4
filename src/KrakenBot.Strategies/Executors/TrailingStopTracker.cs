namespace KrakenBot.Strategies.Executors;

/// <summary>
/// Follows a <see cref="TrailingStop"/> on the net P&amp;L fraction (Hummingbot's rule): armed when the P&amp;L rises
/// above the activation, the trigger then sits the trailing delta below the best P&amp;L seen, and it fires when the
/// P&amp;L falls under the trigger.
/// </summary>
internal sealed class TrailingStopTracker(TrailingStop stop)
{
    /// <summary>The trigger once armed.</summary>
    public decimal? Trigger { get; private set; }

    /// <summary>Takes the P&amp;L now; true when the stop fires.</summary>
    public bool Update(decimal pnlPct)
    {
        if (Trigger is null ? pnlPct > stop.ActivationPrice : pnlPct - stop.TrailingDelta > Trigger)
        {
            Trigger = pnlPct - stop.TrailingDelta;
        }

        return Trigger is { } trigger && pnlPct < trigger;
    }
}
