namespace KrakenBot.Connector.Trading;

/// <summary>One step of a fee schedule: from a 30-day volume of <paramref name="FromVolume"/> the fee is <paramref name="Percent"/> %.</summary>
/// <param name="FromVolume">The 30-day volume this step starts at.</param>
/// <param name="Percent">The fee from that volume on, in percent.</param>
public readonly record struct FeeStep(decimal FromVolume, decimal Percent);
