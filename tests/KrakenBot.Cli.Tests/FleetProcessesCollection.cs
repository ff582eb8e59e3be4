namespace KrakenBot.Cli.Tests;

/// <summary>
/// The fleet tests run several bot processes at once (four in <see cref="FleetRunTests"/>): they run alone, after the
/// other test classes, so that their load does not starve the timing of tests running beside them, nor theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetProcessesCollection
{
    public const string Name = "fleet processes";
}
