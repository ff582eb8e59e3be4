namespace KrakenBot.Strategies.Plugins;

/// <summary>
/// A strategy of the user's own could not be loaded or built: the message names the problem (the assembly, the class,
/// the constructor, the setting) and what to do about it.
/// </summary>
public sealed class StrategyLoadException : Exception
{
    /// <summary>Builds the error.</summary>
    public StrategyLoadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
