using System.Text;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Tests.Socket;
using Xunit;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Tests.Hardening;

/// <summary>
/// Hostile WebSocket frames into the real market-data socket over 127.0.0.1: each is skipped and counted (or, when
/// too large to hold, ends that connection, which is replaced), and the valid trade sent right after it still arrives.
/// </summary>
public sealed class SocketHostileFrameTests
{
    private const string ValidTrade = """{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"sell","price":26599.9,"qty":0.005,"ord_type":"limit","trade_id":777,"timestamp":"2023-09-22T10:33:05.709993Z"}]}""";

    private static string Trade(string price, string qty = "0.005", string tradeId = "1") =>
        "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":" + price + ",\"qty\":" + qty +
        ",\"ord_type\":\"limit\",\"trade_id\":" + tradeId + ",\"timestamp\":\"2023-09-22T10:33:05Z\"}]}";

    /// <summary>Frame name → (UTF-8 bytes, frames the session must count as unreadable).</summary>
    private static readonly Dictionary<string, (byte[] Bytes, int Unreadable)> Frames = new()
    {
        ["garbage text"] = (Encoding.UTF8.GetBytes("\u0001\u0002 this is not json }{"), 1),
        ["partial json"] = (Encoding.UTF8.GetBytes("{\"channel\":\"trade\",\"type\":\"upd"), 1),
        ["empty frame"] = ([], 1),
        ["json number"] = (Encoding.UTF8.GetBytes("42"), 1),
        ["json null"] = (Encoding.UTF8.GetBytes("null"), 1),
        ["json array"] = (Encoding.UTF8.GetBytes("[1,2,3]"), 1),
        ["unknown channel"] = (Encoding.UTF8.GetBytes("{\"channel\":\"nosuch\",\"type\":\"update\",\"data\":[]}"), 1),
        ["data not an array"] = (Encoding.UTF8.GetBytes("{\"channel\":\"trade\",\"type\":\"update\",\"data\":{}}"), 1),
        ["price overflows decimal"] = (Encoding.UTF8.GetBytes(Trade("1e400")), 1),
        ["price as a string of letters"] = (Encoding.UTF8.GetBytes(Trade("\"abc\"")), 1),
        ["trade id not an integer"] = (Encoding.UTF8.GetBytes(Trade("1.5", tradeId: "\"x\"")), 1),
        ["nested 5000 deep"] = (Encoding.UTF8.GetBytes("{\"channel\":\"trade\",\"type\":\"update\",\"data\":" + new string('[', 5000) + new string(']', 5000) + "}"), 1),
    };

    public static TheoryData<string> Names() => [.. Frames.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_frame_is_skipped_and_counted_and_the_feed_goes_on(string name)
    {
        var (bytes, unreadable) = Frames[name];
        await using var server = await ScriptedKrakenServer.StartAsync(new KrakenScript().HandleAsync);
        string endpoint = "hostile-" + Guid.NewGuid().ToString("N");
        using var counter = new CounterProbe("krakenbot.socket.unreadable_messages", endpoint);
        var logs = new CapturingLoggerFactory();
        await using var socket = new KrakenMarketDataSocket(Options(server.Uri, endpoint), new KrakenWebSocketConnector(),
            TransportFactory.NewClock(), new FixedRandom(0), logs, null);
        var trades = new List<long>();
        socket.Trades.TradeReceived += t => { lock (trades) trades.Add(t.TradeId); };
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        await socket.Trades.SubscribeAsync(["BTC/USD"]).WaitAsync(TestWait.Guard);

        await connection.SendFragmentsAsync(bytes, []);
        await connection.SendAsync(ValidTrade);
        await TestWait.UntilAsync(() => { lock (trades) return trades.Count >= 1; }, "the valid trade after the hostile frame");

        Assert.Equal([777L], trades);
        Assert.Equal(unreadable, counter.Total);
        Assert.Equal(1, server.ConnectionCount);
        Assert.NotEmpty(logs.Lines);
    }

    /// <summary>Frames the transport itself cannot accept: bigger than the limit, or text that is not UTF-8.</summary>
    public static TheoryData<string> ConnectionEnders() => ["oversized", "invalid utf-8"];

    [Theory]
    [MemberData(nameof(ConnectionEnders))]
    public async Task A_frame_the_transport_cannot_accept_ends_that_connection_and_the_feed_resumes_on_a_new_one(string name)
    {
        await using var server = await ScriptedKrakenServer.StartAsync(new KrakenScript().HandleAsync);
        var logs = new CapturingLoggerFactory();
        var clock = TransportFactory.NewClock();
        var options = new SocketSessionOptions
        {
            Endpoint = server.Uri,
            Name = "ender",
            RequestTimeout = TimeSpan.FromSeconds(10),
            SilenceCheckInterval = TimeSpan.FromSeconds(5),
            Transport = new SocketTransportOptions
            {
                PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2), ReceiveBufferBytes = 4096, MaxMessageBytes = 64 * 1024,
            },
        };
        await using var socket = new KrakenMarketDataSocket(options, new KrakenWebSocketConnector(), clock, new FixedRandom(0), logs, null);
        var trades = new List<long>();
        socket.Trades.TradeReceived += t => { lock (trades) trades.Add(t.TradeId); };
        socket.Start();
        var first = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        await socket.Trades.SubscribeAsync(["BTC/USD"]).WaitAsync(TestWait.Guard);

        byte[] frame = name == "oversized"
            ? Encoding.UTF8.GetBytes("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[\"" + new string('A', 1024 * 1024) + "\"]}")
            : [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D];
        var reconnect = server.NextConnectionAsync();
        // The client may hang up before the server has finished sending: that is the expected effect, not a failure.
        await Record.ExceptionAsync(() => first.SendFragmentsAsync(frame, []));
        var second = await TestWait.ForAsync(reconnect, "a new connection", clock);
        await TestWait.UntilAsync(() => second.CountRequests("subscribe") >= 1, "the trade subscription replayed on the new connection");
        await second.SendAsync(ValidTrade);
        await TestWait.UntilAsync(() => { lock (trades) return trades.Count >= 1; }, "the valid trade on the new connection");

        Assert.Equal([777L], trades);
        Assert.Equal(2, server.ConnectionCount);
        Assert.NotEmpty(logs.Lines);
    }

    private static SocketSessionOptions Options(Uri uri, string name) => new()
    {
        Endpoint = uri,
        Name = name,
        RequestTimeout = TimeSpan.FromSeconds(10),
        SilenceCheckInterval = TimeSpan.FromSeconds(5),
        Transport = new SocketTransportOptions { PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2) },
    };
}
