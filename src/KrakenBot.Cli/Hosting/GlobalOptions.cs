using System.CommandLine;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Hosting;

/// <summary>Options every command accepts (before or after the command name).</summary>
internal sealed class GlobalOptions
{
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table (for people) or json (for scripts; stdout is JSON only).",
        DefaultValueFactory = _ => "table",
        Recursive = true,
        HelpName = "table|json",
    };

    public Option<string> Connector { get; } = new("--connector")
    {
        Description = "Exchange to use: kraken, kraken_paper_trade, or sandbox (embedded local exchange).",
        DefaultValueFactory = _ => ConnectorNames.Kraken,
        Recursive = true,
        HelpName = "kraken|kraken_paper_trade|sandbox",
    };

    public Option<string?> RestUrl { get; } = new("--rest-url") { Description = "REST base URL (env KRAKEN_SPOT_URL); http only on loopback.", Recursive = true };
    public Option<string?> WsUrl { get; } = new("--ws-url") { Description = "Public WebSocket v2 URL (env KRAKEN_WS_PUBLIC_URL); ws only on loopback.", Recursive = true };
    public Option<string?> WsAuthUrl { get; } = new("--ws-auth-url") { Description = "Private WebSocket v2 URL (env KRAKEN_WS_AUTH_URL); ws only on loopback.", Recursive = true };
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Where keys, journals and sandbox state live (env KRAKENBOT_DATA_DIR; default ~/.local/share/krakenbot).", Recursive = true };

    public Option<string?> Journal { get; } = new("--journal")
    {
        Description = "The journal (env KRAKENBOT_JOURNAL): a SQLite file (default DATA_DIR/journal.db), or a PostgreSQL database " +
            "(postgres://user:password@host:5432/db or Host=…;Database=…) that a fleet of bots on one key shares: nonces, rate " +
            "counters, orders and bot state.",
        Recursive = true,
        HelpName = "FILE|postgres://…",
    };

    public Option<int?> MetricsPort { get; } = new("--metrics-port")
    {
        Description = "Serve the connector's metrics in Prometheus format at http://127.0.0.1:PORT/metrics while the command runs.",
        Recursive = true,
        HelpName = "PORT",
    };

    public GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("table", "json");
        Connector.AcceptOnlyFromAmong(ConnectorNames.All);
    }

    public IEnumerable<Option> All => [Output, Connector, RestUrl, WsUrl, WsAuthUrl, DataDir, Journal, MetricsPort];

    /// <summary>
    /// Merges the parsed options with the environment (the command line wins). <paramref name="defaults"/> are the
    /// options the shell was started with: they apply to every line that does not give the option itself.
    /// </summary>
    public CliSettings Resolve(ParseResult result, Func<string, string?> environment, ParseResult? defaults = null)
    {
        T? Get<T>(Option<T> option) =>
            defaults is not null && result.GetResult(option) is not { Implicit: false } && defaults.GetResult(option) is { Implicit: false }
                ? defaults.GetValue(option) : result.GetValue(option);
        var dataDir = Get(DataDir) ?? environment(CliSettings.DataDirVariable);
        return new CliSettings
        {
            Format = Get(Output) == "json" ? OutputFormat.Json : OutputFormat.Table,
            Connector = ConnectorNames.Parse(Get(Connector) ?? ConnectorNames.Kraken),
            RestUrl = CliSettings.ParseUrl(Get(RestUrl), "--rest-url") ?? CliSettings.ParseUrl(environment(CliSettings.RestUrlVariable), CliSettings.RestUrlVariable),
            WsUrl = CliSettings.ParseUrl(Get(WsUrl), "--ws-url") ?? CliSettings.ParseUrl(environment(CliSettings.WsUrlVariable), CliSettings.WsUrlVariable),
            WsAuthUrl = CliSettings.ParseUrl(Get(WsAuthUrl), "--ws-auth-url") ?? CliSettings.ParseUrl(environment(CliSettings.WsAuthUrlVariable), CliSettings.WsAuthUrlVariable),
            MetricsPort = Get(MetricsPort),
            Journal = Get(Journal) is { Length: > 0 } journal ? journal : environment(CliSettings.JournalVariable) is { Length: > 0 } fromEnv ? fromEnv : null,
            DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDir) ? CliSettings.DefaultDataDirectory() : dataDir),
            Environment = environment,
        };
    }

    /// <summary>Best guess at the output format when parsing failed, so that even a usage error honours <c>-o json</c>.</summary>
    public static OutputFormat SniffFormat(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-o" or "--output" && i + 1 < args.Count) return args[i + 1] == "json" ? OutputFormat.Json : OutputFormat.Table;
            if (a is "-o=json" or "--output=json" or "-o:json" or "--output:json") return OutputFormat.Json;
        }
        return OutputFormat.Table;
    }
}
