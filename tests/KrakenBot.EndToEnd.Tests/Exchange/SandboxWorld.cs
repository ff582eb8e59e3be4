using System.Security.Cryptography;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// A sandbox on 127.0.0.1 (free port) with two accounts: the trader (the connector under test) and a market maker
/// that provides the other side through plain REST. No synthetic market: nothing trades unless a test makes it.
/// Journals live in a temporary directory.
/// </summary>
internal sealed class SandboxWorld : IAsyncDisposable
{
    public static readonly TradingPair BtcUsd = new("BTC", "USD");

    private readonly HttpClient _http = new();
    private readonly List<KrakenSpotExchange> _exchanges = [];

    private SandboxWorld(SandboxHost sandbox, KrakenCredentials trader, KrakenCredentials maker, string directory)
    {
        Sandbox = sandbox;
        Trader = trader;
        Maker = maker;
        Directory = directory;
        var options = KrakenOptionsFor(sandbox);
        MakerRest = new KrakenRestClient(_http, options, new NonceSource(TimeProvider.System, new InMemoryNonceStore()),
            new RestRateBudget(KrakenTier.Pro, TimeProvider.System), TimeProvider.System, NullLogger.Instance, maker);
    }

    public SandboxHost Sandbox { get; }
    public KrakenCredentials Trader { get; }
    public KrakenCredentials Maker { get; }
    /// <summary>The trader's secret, for a second program on the trader's key (the website, a script).</summary>
    public required string TraderSecret { get; init; }
    public string Directory { get; }
    public string JournalPath => Path.Combine(Directory, "journal.db");
    public KrakenRestClient MakerRest { get; }

    /// <summary>Starts the sandbox; <paramref name="clock"/> is its clock (a test's fake one to drive its timers).</summary>
    /// <param name="traderBalances">The trader's starting balances (default 1,000,000 USD and 10 BTC).</param>
    /// <param name="makerBalances">The maker's starting balances (default 100,000,000 USD and 1,000 BTC).</param>
    public static async Task<SandboxWorld> StartAsync(ApiPermissions traderPermissions = ApiPermissions.All, TimeProvider? clock = null,
        IDictionary<string, decimal>? traderBalances = null, IDictionary<string, decimal>? makerBalances = null)
    {
        var trader = NewCredentials("trader");
        var maker = NewCredentials("maker");
        var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Tier = AccountTier.Pro,
            MarketActivity = false,
            TimeProvider = clock ?? TimeProvider.System,
            Accounts =
            [
                new SandboxAccount
                {
                    ApiKey = trader.Key, ApiSecret = trader.Secret, Permissions = traderPermissions,
                    Balances = traderBalances ?? new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 10m },
                },
                new SandboxAccount
                {
                    ApiKey = maker.Key, ApiSecret = maker.Secret,
                    Balances = makerBalances ?? new Dictionary<string, decimal> { ["USD"] = 100_000_000m, ["BTC"] = 1_000m },
                },
            ],
        });
        string directory = Path.Combine(Path.GetTempPath(), "krakenbot-e2e", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new SandboxWorld(sandbox, trader.Credentials, maker.Credentials, directory) { TraderSecret = trader.Secret };
    }

    /// <summary>Kraken's endpoints on the sandbox, with the connector's default timeouts (a loaded machine must not trip them).</summary>
    public static KrakenOptions KrakenOptionsFor(SandboxHost sandbox) => new()
    {
        RestBaseUrl = sandbox.RestUri,
        WebSocketPublicUrl = sandbox.WebSocketUri,
        WebSocketAuthUrl = sandbox.WebSocketAuthUri,
        Tier = KrakenTier.Pro,
    };

    /// <summary>
    /// The trader's connector options. <paramref name="socketRequestTimeout"/> is shortened only by tests whose fault
    /// makes a request go unanswered (so they wait for its timeout); a short timeout elsewhere would trip on a busy machine.
    /// </summary>
    public KrakenExchangeOptions Options(bool deadManSwitch = false, TimeSpan? socketRequestTimeout = null, TimeProvider? clock = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null, string? journalPath = null, TimeSpan? deadManSwitchTimeout = null, string? fleetMember = null) => new()
        {
            FleetMember = fleetMember,
            DeadManSwitchTimeout = deadManSwitchTimeout ?? new KrakenExchangeOptions().DeadManSwitchTimeout,
            MeterFactory = meterFactory,
            Kraken = KrakenOptionsFor(Sandbox),
            Credentials = Trader,
            JournalPath = journalPath ?? JournalPath,
            DeadManSwitch = deadManSwitch,
            SocketRequestTimeout = socketRequestTimeout ?? new KrakenExchangeOptions().SocketRequestTimeout,
            TimeProvider = clock ?? TimeProvider.System,
            SocketTransport = new SocketTransportOptions { ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) },
        };

    public async Task<KrakenSpotExchange> StartExchangeAsync(KrakenExchangeOptions? options = null)
    {
        var exchange = KrakenSpotExchange.Create(options ?? Options());
        _exchanges.Add(exchange);
        await exchange.StartAsync();
        return exchange;
    }

    /// <summary>The maker rests a limit order; returns its txid.</summary>
    public Task<string> MakerLimitAsync(OrderSide side, decimal volume, decimal price) => MakerLimitAsync("XBTUSD", side, volume, price);

    /// <summary>The maker rests a limit order on <paramref name="pair"/> (Kraken's name, e.g. <c>ETHXBT</c>); returns its txid.</summary>
    public async Task<string> MakerLimitAsync(string pair, OrderSide side, decimal volume, decimal price)
    {
        var result = await MakerRest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = pair, Side = side == OrderSide.Buy ? KrakenSide.Buy : KrakenSide.Sell, OrderType = KrakenOrderType.Limit,
            Volume = volume, Price = price,
        });
        return result.TxIds[0];
    }

    /// <summary>The maker takes liquidity with a market order.</summary>
    public async Task MakerMarketAsync(OrderSide side, decimal volume) =>
        await MakerRest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = side == OrderSide.Buy ? KrakenSide.Buy : KrakenSide.Sell, OrderType = KrakenOrderType.Market, Volume = volume,
        });

    /// <summary>
    /// Waits until the connector's balances equal the sandbox's own (BalanceEx through the connector's REST client,
    /// which shares its nonces): total and held of every spot asset.
    /// </summary>
    public static async Task BalancesMatchSandboxAsync(KrakenSpotExchange exchange)
    {
        string last = "";
        await Until.TrueAsync(async () =>
        {
            var sandbox = await exchange.Rest.GetBalanceExAsync();
            var mine = exchange.Balances;
            foreach (var entry in sandbox.Entries)
            {
                string asset = entry.Asset switch { "XXBT" => "BTC", "ZUSD" => "USD", _ => entry.Asset };
                if (!mine.TryGetValue(asset, out var balance) || balance.Total != entry.Total || balance.Held != entry.HeldForTrading)
                {
                    last = $"{asset}: sandbox total {entry.Total} held {entry.HeldForTrading}; connector {(balance is null ? "none" : $"total {balance.Total} held {balance.Held}")}";
                    return false;
                }
            }
            return true;
        }, () => "balances equal the sandbox's: " + last);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var exchange in _exchanges) await exchange.DisposeAsync();
        await Sandbox.DisposeAsync();
        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (string Key, string Secret, KrakenCredentials Credentials) NewCredentials(string name)
    {
        string key = $"{name}-{Guid.NewGuid():N}";
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        return (key, secret, new KrakenCredentials(key, secret));
    }
}

/// <summary>
/// Waits for conditions driven by real loopback I/O. The guard only stops a broken test from hanging; no assertion
/// depends on how long anything took.
/// </summary>
internal static class Until
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("Gave up waiting for: " + what());
            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("Gave up waiting for: " + what());
            await Task.Delay(20);
        }
    }

    public static Task OrderStateAsync(KrakenSpotExchange exchange, string clientId, OrderState state) =>
        TrueAsync(() => exchange.GetOrder(clientId)?.State == state,
            () => $"order {clientId} {state}; it is {exchange.GetOrder(clientId)?.State} ({exchange.GetOrder(clientId)?.FailureReason})");
}
