using System.Security.Cryptography;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.MarketData;
using KrakenBot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.FrontDoor;

/// <summary>
/// The connector's front door (<see cref="KrakenConnector"/>, <c>AddKrakenBot</c>) against the in-process sandbox: market
/// data, a live account (through a caller's HTTP handler), a paper account kept in the journal.
/// </summary>
public sealed class KrakenConnectorTests
{
    [Fact]
    public async Task Market_data_from_the_front_door_follows_the_sandbox_book()
    {
        await using var fixture = await SandboxMarketData.StartSandboxAsync();
        var kraken = new KrakenConnector(KrakenConnectorOptions.At(fixture.Host.RestUri, fixture.Host.WebSocketUri));

        await using var market = await kraken.MarketDataAsync();
        var book = await market.WatchBookAsync("BTC/USD", 10);

        await fixture.AssertExactAsync(book, "XBTUSD");
        Assert.True(book.Spread > 0);
    }

    [Fact]
    public async Task Live_account_from_the_front_door_sends_rest_through_the_given_handler_and_trades()
    {
        string key = "front-" + Guid.NewGuid().ToString("N"), secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Accounts = [new SandboxAccount { ApiKey = key, ApiSecret = secret, Balances = new Dictionary<string, decimal> { ["USD"] = 10_000m } }],
        });
        string dir = Directory.CreateTempSubdirectory("krakenbot-front").FullName;
        using var handler = new CountingHandler();
        var options = KrakenConnectorOptions.At(sandbox.RestUri, sandbox.WebSocketUri, sandbox.WebSocketAuthUri);
        options.Credentials = new KrakenCredentials(key, secret);
        options.JournalPath = Path.Combine(dir, "journal.db");
        options.HttpMessageHandler = handler;

        await using (var live = await new KrakenConnector(options).ConnectAsync())
        {
            Assert.Equal(10_000m, live.Balances["USD"].Total);
            string id = await live.PlaceOrderAsync(new OrderRequest(new TradingPair("BTC", "USD"), OrderSide.Buy, OrderType.Limit, 0.01m, 1_000m));
            await Wait.UntilAsync(() => Task.FromResult(live.GetOrder(id)?.State == OrderState.Open), "the order open");
            await live.CancelOrderAsync(id);
            await Wait.UntilAsync(() => Task.FromResult(live.GetOrder(id)?.State == OrderState.Cancelled), "the order cancelled");
        }

        Assert.True(handler.Requests > 0, "the caller's HttpMessageHandler carried the REST calls");
        Assert.True(File.Exists(options.JournalPath));
    }

    [Fact]
    public async Task Paper_account_from_the_front_door_is_kept_in_the_journal_across_restarts()
    {
        await using var fixture = await SandboxMarketData.StartSandboxAsync();
        string dir = Directory.CreateTempSubdirectory("krakenbot-front").FullName;
        var options = KrakenConnectorOptions.At(fixture.Host.RestUri, fixture.Host.WebSocketUri);
        options.JournalPath = Path.Combine(dir, "journal.db");
        options.Paper = new PaperExchangeOptions { StartingBalances = new Dictionary<string, decimal> { ["USD"] = 5_000m }, Latency = TimeSpan.Zero };
        var kraken = new KrakenConnector(options);
        var btcUsd = new TradingPair("BTC", "USD");

        string id;
        await using (var paper = await kraken.PaperAsync())
        {
            id = await paper.PlaceOrderAsync(new OrderRequest(btcUsd, OrderSide.Buy, OrderType.Limit, 0.01m, 1_000m));
            await Wait.UntilAsync(() => Task.FromResult(paper.GetOrder(id)?.State == OrderState.Open), "the paper order open");
            Assert.True(paper.Balances["USD"].Available < 5_000m, "the resting buy holds its cost");
        }

        // A second start with other starting balances restores the journal's account, the order still resting.
        options.Paper = new PaperExchangeOptions { StartingBalances = new Dictionary<string, decimal> { ["USD"] = 1m }, Latency = TimeSpan.Zero };
        await using (var again = await kraken.PaperAsync())
        {
            Assert.Equal(5_000m, again.Balances["USD"].Total);
            Assert.Equal(OrderState.Open, again.GetOrder(id)?.State);
            await again.CancelOrderAsync(id);
            await Wait.UntilAsync(() => Task.FromResult(again.GetOrder(id)?.State == OrderState.Cancelled), "the paper order cancelled");
        }
    }

    [Fact]
    public void AddKrakenBot_binds_the_options_from_configuration_and_takes_the_container_services()
    {
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KrakenBot:Kraken:RestBaseUrl"] = "http://127.0.0.1:7070",
            ["KrakenBot:Kraken:WebSocketPublicUrl"] = "ws://127.0.0.1:7070/v2",
            ["KrakenBot:Kraken:Tier"] = "Pro",
            ["KrakenBot:JournalPath"] = "/tmp/krakenbot-di/journal.db",
            ["KrakenBot:Paper:StartingBalances:USD"] = "2500.50",
            ["KrakenBot:ApiKey"] = "di-key",
            ["KrakenBot:ApiSecret"] = secret,
        }).Build();
        using var loggers = new LoggerFactory();
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(loggers)
            .AddKrakenBot(configuration.GetSection(KrakenConnectorOptions.SectionName));

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<KrakenConnector>().Options;

        Assert.Equal(new Uri("http://127.0.0.1:7070"), options.Kraken.RestBaseUrl);
        Assert.Equal(KrakenTier.Pro, options.Kraken.Tier);
        Assert.Equal("/tmp/krakenbot-di/journal.db", options.JournalPath);
        Assert.Equal(2500.50m, options.Paper.StartingBalances["USD"]);
        Assert.Equal("di-key", options.Credentials?.ApiKey);
        Assert.Same(loggers, options.LoggerFactory);
        Assert.Same(provider.GetRequiredService<KrakenConnector>(), provider.GetRequiredService<KrakenConnector>());
    }

    [Fact]
    public void AddKrakenBot_refuses_a_key_without_its_secret_and_a_plain_url_to_a_remote_host()
    {
        var halfKey = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ApiKey"] = "k" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddKrakenBot(halfKey).BuildServiceProvider().GetRequiredService<KrakenConnector>());
        Assert.Contains("ApiSecret", error.Message);

        var remote = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kraken:RestBaseUrl"] = "http://example.com" }).Build();
        error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddKrakenBot(remote).BuildServiceProvider().GetRequiredService<KrakenConnector>());
        Assert.Contains("RestBaseUrl", error.Message);
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _requests;
        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
