namespace KrakenBot.Strategies.State;

/// <summary>What a strategy id may be: it names the strategy's state and tags its orders.</summary>
public static class StrategyIds
{
    /// <summary>Longest id (the order tag <c>kb:&lt;id&gt;</c> must fit Kraken-side limits and the connector's 64).</summary>
    public const int MaxLength = 48;

    /// <summary>Throws unless the id is 1 to 48 letters, digits, '-', '_' or '.'.</summary>
    /// <exception cref="ArgumentException">The id is not valid; the message says what is allowed.</exception>
    public static void Check(string strategyId)
    {
        if (!IsValid(strategyId))
        {
            throw new ArgumentException(
                $"Strategy id '{strategyId}' is not valid: use 1 to {MaxLength} letters, digits, '-', '_' or '.' (e.g. conf_pmm_1).",
                nameof(strategyId));
        }
    }

    /// <summary>True when the id is 1 to 48 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValid(string? strategyId)
    {
        if (string.IsNullOrEmpty(strategyId) || strategyId.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in strategyId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The client tag on every order of the strategy.</summary>
    public static string OrderTag(string strategyId)
    {
        Check(strategyId);
        return "kb:" + strategyId;
    }
}
