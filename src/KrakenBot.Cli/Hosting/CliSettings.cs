using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Hosting;

/// <summary>The global options after command line and environment are merged; the command line wins.</summary>
internal sealed record CliSettings
{
    public const string RestUrlVariable = "KRAKEN_SPOT_URL";
    public const string WsUrlVariable = "KRAKEN_WS_PUBLIC_URL";
    public const string WsAuthUrlVariable = "KRAKEN_WS_AUTH_URL";
    public const string ApiKeyVariable = "KRAKEN_API_KEY";
    public const string ApiSecretVariable = "KRAKEN_API_SECRET";
    public const string PasswordVariable = "KRAKENBOT_PASSWORD";
    public const string DataDirVariable = "KRAKENBOT_DATA_DIR";
    public const string JournalVariable = "KRAKENBOT_JOURNAL";

    public OutputFormat Format { get; init; }
    public ConnectorKind Connector { get; init; }
    public Uri? RestUrl { get; init; }
    public Uri? WsUrl { get; init; }
    public Uri? WsAuthUrl { get; init; }
    public required string DataDirectory { get; init; }

    /// <summary><c>--journal</c>: a SQLite file or a PostgreSQL connection string; null for <c>DATA_DIR/journal.db</c>.</summary>
    public string? Journal { get; init; }

    /// <summary><c>--metrics-port</c>: where the Prometheus endpoint listens on loopback, when given.</summary>
    public int? MetricsPort { get; init; }
    public required Func<string, string?> Environment { get; init; }

    /// <summary>
    /// Paper trading follows the embedded sandbox's market instead of Kraken's: the shell sets it once the user chose the
    /// sandbox (<c>connect sandbox</c>, <c>--connector sandbox</c>) and then <c>connect kraken_paper_trade</c>.
    /// </summary>
    public bool PaperOnSandbox { get; init; }

    /// <summary>The commands run against the embedded sandbox: as the exchange, or as paper trading's market.</summary>
    public bool UsesEmbeddedSandbox => Connector == ConnectorKind.Sandbox || (Connector == ConnectorKind.KrakenPaperTrade && PaperOnSandbox);

    /// <summary>True when the user pointed the client somewhere other than the live exchange's defaults.</summary>
    public bool HasEndpoint => RestUrl is not null || WsUrl is not null || WsAuthUrl is not null;

    public bool Json => Format == OutputFormat.Json;

    /// <summary>Where state lives when <c>--data-dir</c> and <c>KRAKENBOT_DATA_DIR</c> are both absent.</summary>
    public static string DefaultDataDirectory()
    {
        var root = System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData, System.Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root)) root = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(root, "krakenbot");
    }

    /// <summary>Parses a URL option; the scheme rules (https/wss, or http/ws on loopback only) are checked by <c>KrakenOptions.Validate</c>.</summary>
    public static Uri? ParseUrl(string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
            throw CliException.Configuration($"{source} '{text}' is not an absolute URL: write it like https://api.kraken.com or http://127.0.0.1:7070.");
        return uri;
    }
}
