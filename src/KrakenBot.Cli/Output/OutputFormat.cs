namespace KrakenBot.Cli.Output;

/// <summary><c>-o table</c> for people, <c>-o json</c> for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
