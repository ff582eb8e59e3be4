namespace KrakenBot.Cli.Hosting;

/// <summary>Which exchange the commands talk to (<c>--connector</c>).</summary>
internal enum ConnectorKind
{
    /// <summary><c>kraken</c>: the live exchange (or any Kraken-compatible endpoint given with <c>--rest-url</c>).</summary>
    Kraken,
    /// <summary><c>kraken_paper_trade</c>: Kraken's market data, simulated balances and fills.</summary>
    KrakenPaperTrade,
    /// <summary><c>sandbox</c>: the embedded local exchange, state kept under the data directory.</summary>
    Sandbox,
}

internal static class ConnectorNames
{
    public const string Kraken = "kraken";
    public const string KrakenPaperTrade = "kraken_paper_trade";
    public const string Sandbox = "sandbox";

    public static readonly string[] All = [Kraken, KrakenPaperTrade, Sandbox];

    public static ConnectorKind Parse(string name) => name switch
    {
        Kraken => ConnectorKind.Kraken,
        KrakenPaperTrade => ConnectorKind.KrakenPaperTrade,
        Sandbox => ConnectorKind.Sandbox,
        _ => throw Output.CliException.Usage($"Unknown connector '{name}': use kraken, kraken_paper_trade or sandbox."),
    };

    public static string Name(ConnectorKind kind) => kind switch
    {
        ConnectorKind.KrakenPaperTrade => KrakenPaperTrade,
        ConnectorKind.Sandbox => Sandbox,
        _ => Kraken,
    };
}
