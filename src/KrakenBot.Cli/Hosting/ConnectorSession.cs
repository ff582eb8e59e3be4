using KrakenBot.Cli.Keys;
using KrakenBot.Cli.Output;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Storage;
using KrakenBot.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Cli.Hosting;

/// <summary>
/// One command's connection to the chosen exchange: endpoints, the embedded sandbox when asked for, REST clients
/// (public, and private once credentials are found) and the markets catalog. Created lazily by the first command that
/// needs it, disposed when the command (or the shell) ends.
/// </summary>
internal sealed class ConnectorSession : IAsyncDisposable
{
    private readonly CliSettings _settings;
    private readonly Terminal _terminal;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private SandboxHost? _sandbox;
    private KrakenRestClient? _public;
    private KrakenRestClient? _private;
    // Nonce sources on the journal's stores: closed before the journal (or before the live exchange takes the key) so
    // the saved mark comes down to the last nonce really sent.
    private readonly List<IDisposable> _nonceSources = [];
    private KrakenSpotExchange? _live;
    private MarketCatalog? _catalog;
    private TradingJournal? _journal;
    private AccountJournal? _paperAccount;
    private KrakenMarketData? _marketData;
    private PaperExchange? _paper;

    /// <summary>
    /// Depth of every live book subscription: Kraken's WebSocket offers 10, 25, 100, 500 or 1000 levels and one
    /// connection watches a pair at one depth, so the live book view and the paper exchange share 100 (deeper views ask more).
    /// </summary>
    public const int LiveBookDepth = 100;

    /// <summary>How long a command waits for the market data WebSocket to connect and subscribe.</summary>
    private static readonly TimeSpan SocketConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Name of the paper account in the journal (<c>paper:default</c>).</summary>
    public const string PaperAccountName = "default";

    private ConnectorSession(CliSettings settings, Terminal terminal, KrakenOptions options, SandboxHost? sandbox)
    {
        _settings = settings;
        _terminal = terminal;
        Options = options;
        _sandbox = sandbox;
    }

    /// <summary>
    /// True when a command with <paramref name="settings"/> can use this session: the same market (the embedded sandbox,
    /// or the same endpoints) and data directory. Live and paper trading on one market share a session.
    /// </summary>
    public bool Serves(CliSettings settings) =>
        settings.UsesEmbeddedSandbox == (_sandbox is not null) && settings.DataDirectory == _settings.DataDirectory
        && (_sandbox is not null || (settings.RestUrl == _settings.RestUrl && settings.WsUrl == _settings.WsUrl && settings.WsAuthUrl == _settings.WsAuthUrl));

    /// <summary>Endpoints in use (validated).</summary>
    public KrakenOptions Options { get; }

    /// <summary>The embedded sandbox, when this session started one.</summary>
    public SandboxHost? Sandbox => _sandbox;

    public static async Task<ConnectorSession> OpenAsync(CliSettings settings, Terminal terminal, CancellationToken cancellationToken)
    {
        SandboxHost? sandbox = null;
        var options = new KrakenOptions();
        if (settings.UsesEmbeddedSandbox)
        {
            sandbox = await StartEmbeddedSandboxAsync(settings.DataDirectory, marketActivity: true, port: 0, cancellationToken).ConfigureAwait(false);
            options.RestBaseUrl = sandbox.RestUri;
            options.WebSocketPublicUrl = sandbox.WebSocketUri;
            options.WebSocketAuthUrl = sandbox.WebSocketAuthUri;
            options.Tier = KrakenTier.Intermediate;
        }
        else
        {
            if (settings.RestUrl is { } rest) options.RestBaseUrl = rest;
            if (settings.WsUrl is { } ws) options.WebSocketPublicUrl = ws;
            if (settings.WsAuthUrl is { } wsAuth) options.WebSocketAuthUrl = wsAuth;
        }
        // Fewer silent retries than a long-running bot: a person is waiting for the answer.
        options.MaxReadAttempts = 2;
        try { options.Validate(); }
        catch (InvalidOperationException e)
        {
            if (sandbox is not null) await sandbox.DisposeAsync().ConfigureAwait(false);
            throw CliException.Configuration(e.Message + " Set the URLs with --rest-url/--ws-url/--ws-auth-url or KRAKEN_SPOT_URL/KRAKEN_WS_PUBLIC_URL/KRAKEN_WS_AUTH_URL.");
        }
        return new ConnectorSession(settings, terminal, options, sandbox);
    }

    /// <summary>Starts the in-process sandbox with the CLI's account and its state under <c>DATA_DIR/sandbox</c>.</summary>
    public static Task<SandboxHost> StartEmbeddedSandboxAsync(string dataDir, bool marketActivity, int port, CancellationToken cancellationToken)
    {
        var dir = SandboxDefaults.DataDirectory(dataDir);
        Directory.CreateDirectory(dir);
        return SandboxHost.StartAsync(new SandboxOptions
        {
            Port = port,
            Accounts = [SandboxDefaults.Account()],
            MarketActivity = marketActivity,
            DataDirectory = dir,
        }, cancellationToken);
    }

    /// <summary>A client for public market data.</summary>
    public KrakenRestClient Public => _public ??= CreateClient(null);

    /// <summary>
    /// A signed REST client; finds credentials (environment, key file, sandbox account) or explains how to give them.
    /// Its nonces come from the journal's store for the key, the same store the live exchange uses; only one of the two
    /// is active at a time (this stops the live exchange), so nonces keep rising across both and across processes.
    /// </summary>
    public async Task<KrakenRestClient> PrivateAsync(CancellationToken cancellationToken)
    {
        if (_private is not null) return _private;
        var credentials = ResolveCredentials();
        await StopLiveAsync().ConfigureAwait(false);
        var journal = await JournalAsync(cancellationToken).ConfigureAwait(false);
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken(credentials.ApiKey), cancellationToken).ConfigureAwait(false);
        return _private = CreateClient(credentials, journal.IsShared ? account : null, journal.IsShared ? null : account.CreateNonceStore());
    }

    /// <summary>Checks that credentials can be found, without any network call (commands call it first).</summary>
    public void RequireCredentials() => ResolveCredentials();

    /// <summary>
    /// The live connector (<c>kraken</c>, or <c>sandbox</c> through the same code): <see cref="KrakenSpotExchange"/> with
    /// its journal in <c>DATA_DIR/journal.db</c>. Started on first use (markets, permissions, private socket,
    /// reconciliation); stops this session's own REST client and paper exchange first.
    /// </summary>
    public async Task<KrakenSpotExchange> LiveAsync(CancellationToken cancellationToken)
    {
        if (_live is not null) return _live;
        var credentials = ResolveCredentials();
        await StopPaperAsync().ConfigureAwait(false);
        _private = null;
        CloseNonceSources();
        if (_journal is not null) await _journal.DisposeAsync().ConfigureAwait(false);
        _journal = null;
        _paperAccount = null;
        // Permissions are checked once, by 'connect kraken'; a one-shot command should not spend six REST calls of the
        // key's rate budget re-checking them (a missing one still fails at its call, as a permission error).
        var connector = new KrakenConnector(new KrakenConnectorOptions
        {
            Kraken = Options, Credentials = credentials, JournalPath = JournalPath, FleetMember = FleetMember ?? OperatorMember,
        });
        var live = await connector.ConnectAsync(KrakenPermissions.None, cancellationToken).ConfigureAwait(false);
        return _live = live;
    }

    /// <summary>
    /// Whose orders the live connector handles on a PostgreSQL journal a fleet shares: a bot's id (its own orders only),
    /// or null for the operator's (<see cref="OperatorMember"/>). Set before <see cref="LiveAsync"/>.
    /// </summary>
    public string? FleetMember { get; set; }

    /// <summary>
    /// The fleet member the one-shot commands (<c>buy</c>, <c>sell</c>, <c>cancel</c>, <c>orders</c>…) run as on a shared
    /// journal unless <c>--bot</c> names another: one stable name, so an order placed by one command is the next
    /// command's to list and cancel, whatever process or machine runs it.
    /// </summary>
    public const string OperatorMember = "cli";

    private async Task StopLiveAsync()
    {
        if (_live is null) return;
        await _live.DisposeAsync().ConfigureAwait(false);
        _live = null;
    }

    /// <summary>The journal: <c>--journal</c> (a file, or a PostgreSQL database shared by a fleet), else <c>DATA_DIR/journal.db</c>.</summary>
    public string JournalPath => _settings.Journal ?? Path.Combine(_settings.DataDirectory, "journal.db");

    public async Task<TradingJournal> JournalAsync(CancellationToken cancellationToken) =>
        _journal ??= await TradingJournal.OpenAsync(new TradingJournalOptions { Path = JournalPath }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A signed client for explicit credentials (<c>connect</c> validates a key before saving it), with nonces from the
    /// journal's store for that key.
    /// </summary>
    public async Task<KrakenRestClient> ClientForAsync(KrakenCredentials credentials, CancellationToken cancellationToken)
    {
        await StopLiveAsync().ConfigureAwait(false);
        var journal = await JournalAsync(cancellationToken).ConfigureAwait(false);
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken(credentials.ApiKey), cancellationToken).ConfigureAwait(false);
        return CreateClient(credentials, journal.IsShared ? account : null, journal.IsShared ? null : account.CreateNonceStore());
    }

    /// <summary>The markets catalog, loaded once per session from <c>Assets</c> and <c>AssetPairs</c>.</summary>
    public async Task<MarketCatalog> CatalogAsync(CancellationToken cancellationToken)
    {
        if (_catalog is not null) return _catalog;
        var assets = await Public.GetAssetsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var pairs = await Public.GetAssetPairsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return _catalog = new MarketCatalog(assets, pairs);
    }

    /// <summary>Finds a pair by any of its names (BTC-USD, BTC/USD, XBTUSD, XXBTZUSD).</summary>
    public async Task<MarketPair> PairAsync(string name, CancellationToken cancellationToken) =>
        (await CatalogAsync(cancellationToken).ConfigureAwait(false)).GetPair(name);

    /// <summary>
    /// Live public market data over the WebSocket (checksum-verified books, trades, instrument rules), connected on first
    /// use and shared by <c>book --watch</c> and the paper exchange.
    /// </summary>
    public async Task<KrakenMarketData> MarketDataAsync(CancellationToken cancellationToken)
    {
        if (_marketData is not null) return _marketData;
        var catalog = await CatalogAsync(cancellationToken).ConfigureAwait(false);
        var socket = new SocketSessionOptions { Endpoint = Options.WebSocketPublicUrl, Name = "public", RequestTimeout = Options.RequestTimeout };
        var marketData = new KrakenMarketData(catalog, socket, Public);
        // The socket reconnects forever by design; a person waiting on one command needs an answer instead.
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(SocketConnectTimeout);
        try
        {
            await marketData.StartAsync(connectTimeout.Token).ConfigureAwait(false);
            await marketData.WaitConnectedAsync(connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await marketData.DisposeAsync().ConfigureAwait(false);
            var hint = Options.RestBaseUrl.IsLoopback && !Options.WebSocketPublicUrl.IsLoopback
                ? " The REST URL is local but the WebSocket URL is not: give --ws-url (and --ws-auth-url) too." : "";
            throw new CliException("network",
                $"No answer from the market data WebSocket at {Options.WebSocketPublicUrl} within {SocketConnectTimeout.TotalSeconds:0} s.{hint}");
        }
        catch
        {
            await marketData.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return _marketData = marketData;
    }

    /// <summary>The paper account's journal (<c>DATA_DIR/journal.db</c>, account <c>paper:default</c>), opened once per session.</summary>
    public async Task<AccountJournal> PaperAccountAsync(CancellationToken cancellationToken)
    {
        if (_paperAccount is not null) return _paperAccount;
        await StopLiveAsync().ConfigureAwait(false);
        var journal = await JournalAsync(cancellationToken).ConfigureAwait(false);
        return _paperAccount = await journal.OpenAccountAsync(JournalAccount.Paper(PaperAccountName), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The paper exchange (<c>kraken_paper_trade</c>): simulated fills against this session's public market data, the
    /// account kept in the journal. Started on first use; the first start without an account uses
    /// <paramref name="startingBalances"/>.
    /// </summary>
    public async Task<PaperExchange> PaperAsync(IReadOnlyDictionary<string, decimal> startingBalances, CancellationToken cancellationToken)
    {
        if (_paper is not null) return _paper;
        var account = await PaperAccountAsync(cancellationToken).ConfigureAwait(false);
        var marketData = await MarketDataAsync(cancellationToken).ConfigureAwait(false);
        var kraken = new KrakenConnector(new KrakenConnectorOptions
        {
            Kraken = Options, Paper = new PaperExchangeOptions { StartingBalances = startingBalances, BookDepth = LiveBookDepth },
        });
        return _paper = await kraken.PaperAsync(marketData, new JournalPaperAccountStore(account), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the paper exchange (before its balances are replaced underneath it); the next use starts a fresh one.</summary>
    public async Task StopPaperAsync()
    {
        if (_paper is not null) await _paper.DisposeAsync().ConfigureAwait(false);
        _paper = null;
    }

    /// <param name="shared">The key's account in a PostgreSQL journal shared by a fleet: nonces and the REST counter come from there.</param>
    private KrakenRestClient CreateClient(KrakenCredentials? credentials, AccountJournal? shared = null, INonceStore? nonces = null)
    {
        var time = TimeProvider.System;
        if (shared is not null)
        {
            var turns = shared.CreateSharedNonceSource();
            _nonceSources.Add(turns);
            return new KrakenRestClient(_http, Options, turns, RestRateBudget.Shared(Options.Tier, time, shared), time, NullLogger.Instance, credentials);
        }

        var source = new NonceSource(time, nonces ?? new InMemoryNonceStore());
        if (nonces is not null) _nonceSources.Add(source);
        return new KrakenRestClient(_http, Options, source, new RestRateBudget(Options.Tier, time), time,
            NullLogger.Instance, credentials);
    }

    private void CloseNonceSources()
    {
        foreach (var source in _nonceSources) source.Dispose();
        _nonceSources.Clear();
    }

    private KrakenCredentials ResolveCredentials()
    {
        if (_sandbox is not null)
            return new KrakenCredentials(SandboxDefaults.ApiKey, SandboxDefaults.ApiSecret);

        var key = _settings.Environment(CliSettings.ApiKeyVariable);
        var secret = _settings.Environment(CliSettings.ApiSecretVariable);
        if (!string.IsNullOrWhiteSpace(key) || !string.IsNullOrWhiteSpace(secret))
        {
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret))
                throw CliException.Configuration($"Set both {CliSettings.ApiKeyVariable} and {CliSettings.ApiSecretVariable}, or neither.");
            return Credentials(key, secret);
        }

        var path = KeyFile.PathFor(_settings.DataDirectory, ConnectorNames.Kraken);
        if (File.Exists(path))
        {
            var password = PasswordPrompt.Existing(_settings, _terminal);
            var (savedKey, savedSecret) = KeyFile.Load(path, password);
            return Credentials(savedKey, savedSecret);
        }

        var offer = _settings.HasEndpoint ? "" :
            " No keys yet? Everything works offline against the local sandbox: add '--connector sandbox' (or run 'krakenbot demo').";
        throw CliException.Configuration(
            $"No Kraken API credentials: run 'krakenbot connect kraken', or set {CliSettings.ApiKeyVariable} and {CliSettings.ApiSecretVariable}.{offer}");
    }

    private static KrakenCredentials Credentials(string key, string secret)
    {
        try { return new KrakenCredentials(key, secret); }
        catch (ArgumentException e) { throw new CliException("authentication", e.Message); }
    }

    public async ValueTask DisposeAsync()
    {
        await StopPaperAsync().ConfigureAwait(false);
        await StopLiveAsync().ConfigureAwait(false);
        if (_marketData is not null) await _marketData.DisposeAsync().ConfigureAwait(false);
        _marketData = null;
        CloseNonceSources();
        if (_journal is not null) await _journal.DisposeAsync().ConfigureAwait(false);
        _journal = null;
        _http.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync().ConfigureAwait(false);
            _sandbox = null;
        }
    }
}
