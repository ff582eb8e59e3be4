namespace KrakenBot.Strategies.MarketMaking.Config;

/// <summary>A strategy config with a bad value: names the parameter, the value and what is allowed.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Builds the error.</summary>
    public ConfigException(string parameter, string? value, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Parameter = parameter;
        Value = value;
    }

    /// <summary>The parameter's key, e.g. <c>bid_spread</c>.</summary>
    public string Parameter { get; }

    /// <summary>The value as written, when there was one.</summary>
    public string? Value { get; }
}
