using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.MarketData;

/// <summary>
/// An in-process sandbox on 127.0.0.1 with its synthetic market on a fake clock (the market moves only when the test
/// advances <see cref="SandboxClock"/>, so "a quiet moment" is simply not advancing it), and the connector's
/// market data talking to it over real REST and WebSocket v2.
/// </summary>
internal sealed class SandboxMarketData : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _http = new();

    private SandboxMarketData(SandboxHost host, FakeTimeProvider sandboxClock)
    {
        Host = host;
        SandboxClock = sandboxClock;
        Options = new KrakenOptions { RestBaseUrl = host.RestUri, WebSocketPublicUrl = host.WebSocketUri, WebSocketAuthUrl = host.WebSocketAuthUri };
        Rest = new KrakenRestClient(_http, Options, new NonceSource(TimeProvider.System, new InMemoryNonceStore()),
            new RestRateBudget(KrakenTier.Pro, TimeProvider.System), TimeProvider.System, NullLogger.Instance);
    }

    public SandboxHost Host { get; }
    public FakeTimeProvider SandboxClock { get; }
    public KrakenOptions Options { get; }

    /// <summary>A REST client of the test's own, to read the sandbox's Depth.</summary>
    public KrakenRestClient Rest { get; }

    public KrakenMarketData MarketData { get; private set; } = null!;

    /// <summary>Starts the sandbox (market on, seeded) and connects the connector's market data through its factory.</summary>
    public static async Task<SandboxMarketData> StartAsync(int seed = 7, KrakenMarketDataOptions? options = null)
    {
        var fixture = await StartSandboxAsync(seed);
        fixture.MarketData = await KrakenMarketData.CreateAsync(fixture.Options, options);
        return fixture;
    }

    /// <summary>Starts the sandbox only; the test builds its market data with <see cref="Connect"/>.</summary>
    public static async Task<SandboxMarketData> StartSandboxAsync(int seed = 7)
    {
        var clock = new FakeTimeProvider(Start);
        var host = await SandboxHost.StartAsync(new SandboxOptions { TimeProvider = clock, MarketActivity = true, Seed = seed });
        var fixture = new SandboxMarketData(host, clock);
        fixture.MoveMarket(TimeSpan.FromSeconds(5)); // let the synthetic traders build the books
        return fixture;
    }

    /// <summary>Market data with a catalog and socket settings of the test's choosing (e.g. a fake client clock).</summary>
    public async Task<KrakenMarketData> Connect(MarketCatalog catalog, SocketSessionOptions socket, KrakenMarketDataOptions? options = null,
        TimeProvider? clientClock = null)
    {
        MarketData = new KrakenMarketData(catalog, socket, Rest, options, clientClock);
        await MarketData.StartAsync();
        return MarketData;
    }

    public async Task<MarketCatalog> LoadCatalogAsync() =>
        new(await Rest.GetAssetsAsync(), await Rest.GetAssetPairsAsync());

    /// <summary>Lets the synthetic market trade for <paramref name="duration"/> of sandbox time, one 250 ms round at a time.</summary>
    public void MoveMarket(TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromMilliseconds(250))
            SandboxClock.Advance(TimeSpan.FromMilliseconds(250));
    }

    /// <summary>True when <paramref name="book"/> is ready and its top levels equal the sandbox's REST Depth.</summary>
    public async Task<bool> EqualsRestDepthAsync(IOrderBookView book, string restPair, int levels)
    {
        if (!book.IsReady) return false;
        KrakenDepth depth = await Rest.GetDepthAsync(restPair, levels);
        OrderBookSnapshot snapshot = book.GetSnapshot(levels);
        return snapshot.IsReady
            && Same(snapshot.Bids, depth.Bids) && Same(snapshot.Asks, depth.Asks);

        static bool Same(IReadOnlyList<BookLevel> ours, IReadOnlyList<KrakenDepthLevel> theirs) =>
            ours.Count == theirs.Count && ours.Zip(theirs).All(p => p.First.Price == p.Second.Price && p.First.Amount == p.Second.Volume);
    }

    /// <summary>Waits (bounded, real time) until the book equals REST Depth; fails with both sides printed otherwise.</summary>
    public async Task AssertExactAsync(IOrderBookView book, string restPair, int levels = 10)
    {
        await Wait.UntilAsync(() => EqualsRestDepthAsync(book, restPair, levels), $"{book.Pair} book equal to the sandbox's REST Depth");
        Assert.True(await EqualsRestDepthAsync(book, restPair, levels));
    }

    public async ValueTask DisposeAsync()
    {
        if (MarketData is not null) await MarketData.DisposeAsync();
        await Host.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>
/// Waits for conditions driven by real loopback I/O. The guard only stops a broken test from hanging; no assertion
/// depends on how long anything took.
/// </summary>
internal static class Wait
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, Action? eachRound = null)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Gave up waiting for: {what}");
            eachRound?.Invoke();
            await Task.Delay(10);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, Action? eachRound = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, eachRound);
}
