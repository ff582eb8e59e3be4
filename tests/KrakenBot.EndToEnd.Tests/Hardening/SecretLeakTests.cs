using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Sandbox.Faults;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Hardening;

/// <summary>
/// A full connector session against the sandbox (trading, fills, a post-only rejection, cancels, a dropped socket,
/// gateway errors, reconciliation, a restart, and a start with a wrong secret) with every log line captured at Trace:
/// neither the API secret nor any 12-character piece of its base64 nor its bytes in hex may appear in a log line, an
/// exception, an event or the journal file; the API key may appear only redacted.
/// </summary>
public class SecretLeakTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task A_full_session_never_shows_the_secret_anywhere()
    {
        await using var world = await SandboxWorld.StartAsync();
        var logs = new CapturingLoggerFactory();
        var texts = new ConcurrentQueue<string>();
        var options = OptionsWith(world, world.Trader, logs);

        await using (var exchange = await world.StartExchangeAsync(options))
        {
            exchange.EventRaised += (_, e) => texts.Enqueue(Describe(e));
            texts.Enqueue(world.Trader.ToString());
            texts.Enqueue(options.ToString() ?? "");

            await world.MakerLimitAsync(OrderSide.Sell, 0.3m, 60000m);
            string taker = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.3m, 60000m));
            await Until.OrderStateAsync(exchange, taker, OrderState.Filled);

            string resting = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
            await Until.OrderStateAsync(exchange, resting, OrderState.Open);
            await world.MakerLimitAsync(OrderSide.Sell, 1m, 61000m);
            string crossing = await exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.1m, 61000m));
            await Until.OrderStateAsync(exchange, crossing, OrderState.Failed);

            world.Sandbox.Faults.DropSockets();
            await Until.TrueAsync(() => exchange.UserStreamReady, () => "the private socket back");
            world.Sandbox.Faults.FailRest(RestFault.BadGateway, 2);
            await exchange.ReconcileAsync();
            await exchange.CancelOrderAsync(resting);
            await Until.OrderStateAsync(exchange, resting, OrderState.Cancelled);
            try { await exchange.CancelOrderAsync(resting); }
            catch (Exception ex) { texts.Enqueue(ex.ToString()); }
            try { await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1_000m, 60000m)); }
            catch (Exception ex) { texts.Enqueue(ex.ToString()); }
            await exchange.StopAsync();
        }

        // A restart from the same journal, then a start with the right key and a wrong secret.
        await using (var again = await world.StartExchangeAsync(OptionsWith(world, world.Trader, logs)))
        {
            await again.ReconcileAsync();
        }
        string wrongSecret = Convert.ToBase64String(Enumerable.Range(1, 64).Select(i => (byte)(i * 7)).ToArray());
        var wrong = KrakenSpotExchange.Create(OptionsWith(world, new KrakenCredentials(world.Trader.ApiKey, wrongSecret), logs,
            Path.Combine(world.Directory, "wrong.db")));
        var refused = await Record.ExceptionAsync(() => wrong.StartAsync());
        Assert.NotNull(refused);
        texts.Enqueue(refused.ToString());
        await wrong.DisposeAsync();

        var everything = logs.Lines.Concat(texts).ToList();
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(texts, t => t.Contains("OrderFilled", StringComparison.Ordinal));
        foreach (string secret in (string[])[Convert.ToBase64String(world.Trader.Secret), wrongSecret])
            foreach (string forbidden in Fragments(secret))
            {
                Assert.DoesNotContain(everything, t => t.Contains(forbidden, StringComparison.Ordinal));
                Assert.DoesNotContain(forbidden, JournalText(world.JournalPath));
            }
        Assert.DoesNotContain(everything, t => t.Contains(world.Trader.ApiKey, StringComparison.Ordinal));
    }

    /// <summary>The secret, every 12-character piece of its base64, and its bytes as hex (both cases).</summary>
    private static IEnumerable<string> Fragments(string secret)
    {
        yield return secret;
        for (int i = 0; i + 12 <= secret.Length; i++) yield return secret.Substring(i, 12);
        byte[] raw = Convert.FromBase64String(secret);
        yield return Convert.ToHexString(raw);
        yield return Convert.ToHexStringLower(raw);
    }

    private static string JournalText(string path)
    {
        var text = new StringBuilder();
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }

    private static string Describe(ExchangeEvent e)
    {
        string json;
        try { json = JsonSerializer.Serialize(e, e.GetType()); }
        catch (NotSupportedException ex) { json = "(not serializable: " + ex.Message + ")"; }
        return e + " " + json;
    }

    private static KrakenExchangeOptions OptionsWith(SandboxWorld world, KrakenCredentials credentials, ILoggerFactory logs, string? journal = null)
    {
        var basis = world.Options();
        return new KrakenExchangeOptions
        {
            Kraken = basis.Kraken,
            Credentials = credentials,
            JournalPath = journal ?? basis.JournalPath,
            SocketRequestTimeout = basis.SocketRequestTimeout,
            SocketTransport = basis.SocketTransport,
            LoggerFactory = logs,
        };
    }
}
