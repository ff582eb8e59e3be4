namespace KrakenBot.Connector.Trading;

/// <summary>Which way to move a value that is not on its grid.</summary>
public enum RoundingDirection
{
    /// <summary>To the grid point at or below the value.</summary>
    Down,

    /// <summary>To the grid point at or above the value.</summary>
    Up,

    /// <summary>To the closest grid point; exactly half-way goes up.</summary>
    Nearest,
}
