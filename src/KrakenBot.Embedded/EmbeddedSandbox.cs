using System.Security.Cryptography;
using KrakenBot.Sandbox;

namespace KrakenBot.Connector;

/// <summary>
/// A Kraken-compatible sandbox running in this process on a free loopback port, with one funded account and a
/// <see cref="KrakenConnector"/> pointing at it: everything the connector does, offline. Dispose it to stop the sandbox
/// and delete its journal.
/// </summary>
public sealed class EmbeddedSandbox : IAsyncDisposable
{
    private readonly string _directory;

    private EmbeddedSandbox(SandboxHost host, KrakenConnector connector, string directory)
    {
        Host = host;
        Connector = connector;
        _directory = directory;
    }

    /// <summary>The sandbox itself: its endpoints, fault injection and inspection.</summary>
    public SandboxHost Host { get; }

    /// <summary>
    /// The API key of the funded account, to aim a fault at its orders only (the synthetic market's traders place orders
    /// too): <c>Host.Faults.RefuseOrders("BTC/USD", apiKey: sandbox.ApiKey)</c>. Never a real key.
    /// </summary>
    public string ApiKey => Connector.Options.Credentials!.ApiKey;

    /// <summary>The front door on the sandbox: market data, the funded account (<see cref="KrakenConnector.ConnectAsync(CancellationToken)"/>) or a paper account.</summary>
    public KrakenConnector Connector { get; }

    /// <summary>
    /// Starts a sandbox with the synthetic market on (books two-sided and moving) and one account holding
    /// <paramref name="balances"/> (10,000 USD when null), and a front door signed in to that account.
    /// </summary>
    public static Task<EmbeddedSandbox> StartAsync(IReadOnlyDictionary<string, decimal>? balances = null, CancellationToken cancellationToken = default) =>
        StartAsync(new SandboxOptions { MarketActivity = true }, balances, cancellationToken);

    /// <summary>
    /// Starts a sandbox with <paramref name="options"/> (its accounts kept) plus one account of the front door holding
    /// <paramref name="balances"/> (10,000 USD when null). The port is whatever <paramref name="options"/> says (0: a free one).
    /// </summary>
    public static async Task<EmbeddedSandbox> StartAsync(SandboxOptions options, IReadOnlyDictionary<string, decimal>? balances,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A fresh key per sandbox: nothing to configure, nothing that could be mistaken for a real key.
        string key = "embedded-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var account = new SandboxAccount
        {
            ApiKey = key,
            ApiSecret = secret,
            Balances = new Dictionary<string, decimal>(balances ?? new Dictionary<string, decimal> { ["USD"] = 10_000m }),
        };
        var host = await SandboxHost.StartAsync(new SandboxOptions
        {
            Port = options.Port,
            WebSocketAuthPort = options.WebSocketAuthPort,
            Accounts = [.. options.Accounts, account],
            Tier = options.Tier,
            Seed = options.Seed,
            MarketActivity = options.MarketActivity,
            Market = options.Market,
            MarketActivityInterval = options.MarketActivityInterval,
            DataDirectory = options.DataDirectory,
            TimeProvider = options.TimeProvider,
            LoggerFactory = options.LoggerFactory,
            MaxRequestBodyBytes = options.MaxRequestBodyBytes,
        }, cancellationToken).ConfigureAwait(false);

        // The connector's journal (orders, nonces) lives beside the sandbox and goes with it.
        string directory = Directory.CreateTempSubdirectory("krakenbot-embedded-").FullName;
        var connectorOptions = KrakenConnectorOptions.At(host.RestUri, host.WebSocketUri, host.WebSocketAuthUri);
        connectorOptions.Credentials = new KrakenCredentials(key, secret);
        connectorOptions.JournalPath = Path.Combine(directory, "journal.db");
        connectorOptions.LoggerFactory = options.LoggerFactory;
        return new EmbeddedSandbox(host, new KrakenConnector(connectorOptions), directory);
    }

    /// <summary>Stops the sandbox and deletes the connector's journal; dispose what the connector opened first.</summary>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A journal still open elsewhere stays behind in the temp directory; nothing is lost by keeping it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
