namespace KrakenBot.Connector.Trading;

/// <summary>One step of a fee schedule: from a 30-day volume of <paramref name="FromVolume"/> the fee is <paramref name="Percent"/> %.</summary>
public readonly record struct FeeStep(decimal FromVolume, decimal Percent);
