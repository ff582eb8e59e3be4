namespace KrakenBot.Dashboard.State;

/// <summary>What the dashboard's orders reach, shown as a label on every page.</summary>
public enum TradingMode
{
    /// <summary>Real orders on Kraken.</summary>
    Live,

    /// <summary>Paper trading: simulated fills in this process, nothing reaches an exchange.</summary>
    Paper,

    /// <summary>A local Kraken-compatible sandbox (or any endpoint other than Kraken's own).</summary>
    Sandbox,
}
