using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Storage;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector;

/// <summary>
/// The front door of the connector: one object, made from one <see cref="KrakenConnectorOptions"/>, that opens
/// Kraken's market data (<see cref="MarketDataAsync"/>), a live trading account (<see cref="ConnectAsync(CancellationToken)"/>) or a
/// paper account on the live market (<see cref="PaperAsync(CancellationToken)"/>). Point the options at the sandbox
/// (<see cref="KrakenConnectorOptions.At"/>) to run everything offline. Register it in a host with
/// <c>services.AddKrakenBot(...)</c>.
/// </summary>
/// <example>
/// <code>
/// var kraken = new KrakenConnector(new KrakenConnectorOptions());
/// await using var market = await kraken.MarketDataAsync();
/// var book = await market.WatchBookAsync("BTC/USD");
/// </code>
/// </example>
public sealed class KrakenConnector
{
    /// <summary>Name of the paper account in the journal (<c>paper:default</c>), shared with the <c>krakenbot</c> CLI.</summary>
    public const string PaperAccountName = "default";

    /// <summary>
    /// The name of the connector's one <see cref="System.Diagnostics.Metrics.Meter"/>, <c>KrakenBot.Connector</c>: collect it
    /// with OpenTelemetry's <c>AddMeter(KrakenConnector.MeterName)</c> (instruments listed in the package README).
    /// </summary>
    public const string MeterName = Diagnostics.ConnectorMeter.Name;

    /// <summary>Creates the front door; nothing connects until one of its methods is called. The options are checked here.</summary>
    /// <exception cref="InvalidOperationException">An endpoint or setting cannot work; the message names it.</exception>
    public KrakenConnector(KrakenConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Kraken.Validate();
        Options = options;
    }

    /// <summary>The options every exchange and feed opened here uses.</summary>
    public KrakenConnectorOptions Options { get; }

    /// <summary>
    /// Loads Kraken's markets over REST, connects the public WebSocket and follows the <c>instrument</c> channel:
    /// books, trades, tickers, candles and trading rules. Dispose the result to close the connection.
    /// </summary>
    /// <exception cref="Trading.Errors.ExchangeException">The markets could not be loaded or the socket refused the subscription.</exception>
    public Task<KrakenMarketData> MarketDataAsync(CancellationToken cancellationToken = default) =>
        KrakenMarketData.CreateAsync(Options.Kraken, null, Options.TimeProvider, Options.LoggerFactory, Options.MeterFactory,
            Options.HttpMessageHandler, Options.Proxy, cancellationToken);

    /// <summary>
    /// Starts trading the account of <see cref="KrakenConnectorOptions.Credentials"/>: markets, key permissions, private
    /// WebSocket, journal and reconciliation. Returns once ready; dispose it to stop.
    /// </summary>
    /// <exception cref="InvalidOperationException">No credentials, or an option is invalid.</exception>
    /// <exception cref="Trading.Errors.ExchangeException">Kraken refused the key or could not be reached.</exception>
    public Task<KrakenSpotExchange> ConnectAsync(CancellationToken cancellationToken = default) =>
        ConnectAsync(KrakenPermissions.Trading, cancellationToken);

    /// <summary><see cref="ConnectAsync(CancellationToken)"/> checking only <paramref name="requiredPermissions"/> at start (the CLI's one-shot commands check none).</summary>
    internal async Task<KrakenSpotExchange> ConnectAsync(KrakenPermissions requiredPermissions, CancellationToken cancellationToken)
    {
        var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = Options.Kraken,
            Credentials = Options.Credentials,
            JournalPath = Options.JournalPath,
            FleetMember = Options.FleetMember,
            DeadManSwitch = Options.DeadManSwitch,
            RequiredPermissions = requiredPermissions,
            TimeProvider = Options.TimeProvider,
            LoggerFactory = Options.LoggerFactory,
            MeterFactory = Options.MeterFactory,
            HttpMessageHandler = Options.HttpMessageHandler,
            Proxy = Options.Proxy,
        });
        try
        {
            await exchange.StartAsync(cancellationToken).ConfigureAwait(false);
            return exchange;
        }
        catch
        {
            await exchange.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts a paper account (<c>kraken_paper_trade</c>) on the live market: its own market data connection, the account
    /// in the journal at <see cref="KrakenConnectorOptions.JournalPath"/> (in memory only when that is null), starting
    /// from <see cref="KrakenConnectorOptions.Paper"/>. Disposing the exchange closes both.
    /// </summary>
    public async Task<PaperExchange> PaperAsync(CancellationToken cancellationToken = default)
    {
        var marketData = await MarketDataAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PaperAsync(marketData, ownsMarketData: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await marketData.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts a paper account on <paramref name="marketData"/>, already open and shared with other users (it stays
    /// open when the exchange is disposed). The account is kept as in <see cref="PaperAsync(CancellationToken)"/>.
    /// </summary>
    public Task<PaperExchange> PaperAsync(KrakenMarketData marketData, CancellationToken cancellationToken = default) =>
        PaperAsync(marketData, ownsMarketData: false, cancellationToken);

    private async Task<PaperExchange> PaperAsync(KrakenMarketData marketData, bool ownsMarketData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marketData);
        TradingJournal? journal = null;
        IPaperAccountStore store = new InMemoryPaperAccountStore();
        if (Options.JournalPath is { } path)
        {
            journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path, TimeProvider = Options.TimeProvider },
                cancellationToken).ConfigureAwait(false);
            try
            {
                var account = await journal.OpenAccountAsync(JournalAccount.Paper(PaperAccountName), cancellationToken).ConfigureAwait(false);
                store = new JournalPaperAccountStore(account);
            }
            catch
            {
                await journal.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var paper = await PaperAsync(marketData, store, cancellationToken, journal).ConfigureAwait(false);
        if (ownsMarketData) paper.Own(marketData);
        return paper;
    }

    /// <summary>
    /// Starts a paper account on <paramref name="marketData"/> with the account in <paramref name="store"/> (the CLI
    /// keeps its journal open across commands). <paramref name="journal"/>, when given, closes with the exchange.
    /// </summary>
    internal async Task<PaperExchange> PaperAsync(KrakenMarketData marketData, IPaperAccountStore store,
        CancellationToken cancellationToken, TradingJournal? journal = null)
    {
        var feed = new KrakenPaperMarketData(marketData, Options.LoggerFactory?.CreateLogger<KrakenPaperMarketData>());
        var paper = new PaperExchange(feed, store, Options.Paper, Options.TimeProvider,
            logger: Options.LoggerFactory?.CreateLogger<PaperExchange>());
        if (journal is not null) paper.Own(journal);
        paper.Own(new DisposeAction(feed.Dispose));
        try
        {
            await paper.StartAsync(cancellationToken).ConfigureAwait(false);
            return paper;
        }
        catch
        {
            await paper.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class DisposeAction(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
