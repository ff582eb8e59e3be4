using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// Reads each client frame and answers it: <c>ping</c>, <c>subscribe</c>, <c>unsubscribe</c> here,
/// trading methods in <see cref="WsTrading"/>. A frame that is not a JSON request object gets an
/// error response naming the problem; nothing a client sends can crash the connection.
/// </summary>
internal sealed class WsRequestHandler
{
    private static readonly byte[] Heartbeat = "{\"channel\":\"heartbeat\"}"u8.ToArray();

    private readonly SocketHub _hub;
    private readonly WsTrading _trading;

    public WsRequestHandler(SocketHub hub)
    {
        _hub = hub;
        _trading = new WsTrading(hub.Context);
    }

    private SandboxContext Context => _hub.Context;
    private DateTimeOffset Now => Context.Time.GetUtcNow();

    public Task HandleAsync(WsConnection connection, ReadOnlyMemory<byte> frame)
    {
        var timeIn = Now;
        if (frame.IsEmpty)
        {
            connection.Send(WsResponse.Build(null, null, timeIn, Now,
                $"{KrakenErrors.InvalidArguments}:request is empty or larger than {WsConnection.MaxRequestBytes} bytes", null, null));
            return Task.CompletedTask;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            connection.Send(WsResponse.Build(null, null, timeIn, Now,
                $"{KrakenErrors.InvalidArguments}:malformed JSON at byte {ex.BytePositionInLine}; send one JSON object per frame", null, null));
            return Task.CompletedTask;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            {
                connection.Send(WsResponse.Build(null, null, timeIn, Now,
                    $"{KrakenErrors.InvalidArguments}:a request is an object with a string \"method\"", null, null));
                return Task.CompletedTask;
            }
            var method = methodElement.GetString()!;
            long? reqId = null;
            if (root.TryGetProperty("req_id", out var reqIdElement))
            {
                if (reqIdElement.ValueKind != JsonValueKind.Number || !reqIdElement.TryGetInt64(out var id))
                {
                    connection.Send(WsResponse.Build(method, null, timeIn, Now, KrakenErrors.InvalidArgument("req_id"), null, null));
                    return Task.CompletedTask;
                }
                reqId = id;
            }
            var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
            if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                connection.Send(WsResponse.Build(method, reqId, timeIn, Now, KrakenErrors.InvalidArgument("params"), null, null));
                return Task.CompletedTask;
            }
            var request = new WsRequest(connection, method, reqId, parameters, timeIn);
            switch (method)
            {
                case "ping":
                    connection.Send(WsJson.Build((request.ReqId, timeIn, Now), static (w, s) =>
                    {
                        w.WriteStartObject();
                        w.WriteString("method", "pong");
                        w.ReqId(s.ReqId);
                        w.Times(s.timeIn, s.Item3);
                        w.WriteEndObject();
                    }));
                    return Task.CompletedTask;
                case "subscribe":
                    Subscribe(request);
                    return Task.CompletedTask;
                case "unsubscribe":
                    Unsubscribe(request);
                    return Task.CompletedTask;
                default:
                    return _trading.HandleAsync(request);
            }
        }
    }

    private void Subscribe(in WsRequest r)
    {
        var channel = r.String("channel");
        if (channel is null) { r.Connection.Send(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("channel"))); return; }
        if (WsParams.OptionalBool(r.Params, "snapshot", out var snapshotOpt) is { } snapError) { r.Connection.Send(WsResponse.Error(r, Now, snapError)); return; }
        var snapshot = snapshotOpt ?? true;
        if (Context.Faults.TryConsumeSubscriptionRefusal(channel))
        {
            r.Connection.Send(WsResponse.Error(r, Now, "EGeneral:Temporary lockout"));
            return;
        }
        switch (channel)
        {
            case "book":
            case "trade":
            case "ticker":
            case "ohlc":
                SubscribeMarket(r, channel, snapshot);
                return;
            case "instrument":
                SubscribeInstrument(r, snapshot);
                return;
            case "executions":
                SubscribeExecutions(r);
                return;
            case "balances":
                SubscribeBalances(r, snapshot);
                return;
            default:
                r.Connection.Send(WsResponse.Error(r, Now, "Subscription name invalid"));
                return;
        }
    }

    /// <summary>Validates the channel options shared by subscribe and unsubscribe (depth, interval, symbols).</summary>
    private string? MarketOptions(in WsRequest r, string channel, out int depth, out int intervalIndex, out List<string>? symbols)
    {
        depth = 10;
        intervalIndex = 0;
        symbols = null;
        if (channel == "book")
        {
            if (WsParams.OptionalInt(r.Params, "depth", out var d) is { } error) return error;
            depth = d ?? 10;
            if (Array.IndexOf(BookFeed.Depths, depth) < 0) return KrakenErrors.InvalidArgument("depth") + ": must be 10, 25, 100, 500 or 1000";
        }
        if (channel == "ohlc")
        {
            if (WsParams.OptionalInt(r.Params, "interval", out var minutes) is { } error) return error;
            intervalIndex = MarketStats.IntervalIndex(minutes ?? 1);
            if (intervalIndex < 0) return KrakenErrors.InvalidArgument("interval") + ": must be 1, 5, 15, 30, 60, 240, 1440, 10080 or 21600";
        }
        if (channel == "ticker" && r.String("event_trigger") is { } trigger && trigger is not ("trades" or "bbo"))
            return KrakenErrors.InvalidArgument("event_trigger") + ": must be trades or bbo";
        if (WsParams.OptionalStrings(r.Params, "symbol", out symbols) is { } symbolError) return symbolError;
        if (symbols is null || symbols.Count == 0) return KrakenErrors.InvalidArgument("symbol") + ": give a list of v2 symbols such as [\"BTC/USD\"]";
        return null;
    }

    /// <summary>v2 symbols only (<c>BTC/USD</c>, <c>DOGE/USD</c>): REST and v1 names are not accepted on v2.</summary>
    private bool TryPair(string symbol, out PairInfo? pair) =>
        Context.Exchange.Markets.TryGetPair(symbol, out pair) && string.Equals(pair.Symbol, symbol, StringComparison.Ordinal);

    private static string Key(string channel, string symbol, int intervalIndex) =>
        channel == "ohlc" ? $"ohlc|{symbol}|{intervalIndex}" : $"{channel}|{symbol}";

    private void SubscribeMarket(in WsRequest r, string channel, bool snapshot)
    {
        if (MarketOptions(r, channel, out var depth, out var intervalIndex, out var symbols) is { } error)
        {
            r.Connection.Send(WsResponse.Error(r, Now, error));
            return;
        }
        foreach (var symbol in symbols!)
        {
            if (!TryPair(symbol, out var pair))
            {
                r.Connection.Send(WsResponse.Error(r, Now, $"Currency pair not supported {symbol}", symbol));
                continue;
            }
            object record = channel switch
            {
                "book" => new BookSubscription(pair!.Index, depth),
                "trade" => new TradeSubscription(pair!.Index),
                "ticker" => new TickerSubscription(pair!.Index),
                _ => new OhlcSubscription(pair!.Index, intervalIndex),
            };
            if (!r.Connection.TryAddSubscription(Key(channel, symbol, intervalIndex), record))
            {
                r.Connection.Send(WsResponse.Error(r, Now, "Already subscribed", symbol));
                continue;
            }
            var minutes = MarketStats.IntervalsMinutes[intervalIndex];
            var onBbo = r.String("event_trigger") == "bbo";
            var ack = WsResponse.Ok(r, Now, w =>
            {
                w.WriteStartObject();
                w.WriteString("channel", channel);
                if (channel == "book") w.WriteNumber("depth", depth);
                if (channel == "ohlc") w.WriteNumber("interval", minutes);
                if (channel == "ticker") w.WriteString("event_trigger", onBbo ? "bbo" : "trades");
                w.WriteBoolean("snapshot", snapshot);
                w.WriteString("symbol", symbol);
                w.WriteEndObject();
            });
            var engine = Context.Exchange.Engine(pair!);
            var now = Now;
            switch (record)
            {
                case BookSubscription: _hub.Books[pair!.Index].Subscribe(engine, r.Connection, depth, snapshot, ack, now); break;
                case TradeSubscription: _hub.Markets[pair!.Index].SubscribeTrades(engine, r.Connection, snapshot, ack, now); break;
                case TickerSubscription: _hub.Markets[pair!.Index].SubscribeTicker(engine, r.Connection, onBbo, snapshot, ack, now); break;
                default: _hub.Markets[pair!.Index].SubscribeOhlc(engine, r.Connection, intervalIndex, snapshot, ack, now); break;
            }
            r.Connection.EnsureHeartbeat(Context.Time, Heartbeat);
        }
    }

    private void SubscribeInstrument(in WsRequest r, bool snapshot)
    {
        if (!r.Connection.TryAddSubscription("instrument", new InstrumentSubscription()))
        {
            r.Connection.Send(WsResponse.Error(r, Now, "Already subscribed"));
            return;
        }
        r.Connection.Send(WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            w.WriteString("channel", "instrument");
            w.WriteBoolean("snapshot", snapshot);
            w.WriteStartArray("warnings");
            w.WriteStringValue("tick_size is deprecated, use price_increment");
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        _hub.SubscribeInstrument(r.Connection);
        if (snapshot) r.Connection.Send(InstrumentMessage.Snapshot(Context.Exchange));
        r.Connection.EnsureHeartbeat(Context.Time, Heartbeat);
    }

    private void SubscribeExecutions(in WsRequest r)
    {
        if (WsAuth.Account(r, Context.Tokens, out var account) is { } authError) { r.Connection.Send(WsResponse.Error(r, Now, authError)); return; }
        if ((account!.Permissions & ApiPermissions.QueryOpenTrades) == 0) { r.Connection.Send(WsResponse.Error(r, Now, KrakenErrors.PermissionDenied)); return; }
        var e1 = WsParams.OptionalBool(r.Params, "snap_trades", out var snapTrades);
        var e2 = WsParams.OptionalBool(r.Params, "snap_orders", out var snapOrders);
        var e3 = WsParams.OptionalBool(r.Params, "order_status", out var orderStatus);
        var e4 = WsParams.OptionalBool(r.Params, "snapshot", out var legacySnapshot);
        var error = e1 ?? e2 ?? e3 ?? e4;
        if (error is not null) { r.Connection.Send(WsResponse.Error(r, Now, error)); return; }
        var trades = snapTrades ?? legacySnapshot ?? false;
        var orders = snapOrders ?? true;
        var subscription = new ExecutionSubscription(r.Connection, account, orderStatus ?? true);
        if (!r.Connection.TryAddSubscription("executions", subscription)) { r.Connection.Send(WsResponse.Error(r, Now, "Already subscribed")); return; }
        var maxRate = account.TradingCounters?.Threshold ?? 0m;
        var ack = WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            w.WriteString("channel", "executions");
            w.WriteNumber("maxratecount", maxRate);
            w.WriteBoolean("snap_orders", orders);
            w.WriteBoolean("snap_trades", trades);
            w.WriteEndObject();
        });
        _hub.Accounts.SubscribeExecutions(subscription, orders, trades, ack);
        r.Connection.HoldToken(r.String("token")!);
        r.Connection.EnsureHeartbeat(Context.Time, Heartbeat);
    }

    private void SubscribeBalances(in WsRequest r, bool snapshot)
    {
        if (WsAuth.Account(r, Context.Tokens, out var account) is { } authError) { r.Connection.Send(WsResponse.Error(r, Now, authError)); return; }
        if ((account!.Permissions & ApiPermissions.QueryFunds) == 0) { r.Connection.Send(WsResponse.Error(r, Now, KrakenErrors.PermissionDenied)); return; }
        var subscription = new BalanceSubscription(r.Connection, account);
        if (!r.Connection.TryAddSubscription("balances", subscription)) { r.Connection.Send(WsResponse.Error(r, Now, "Already subscribed")); return; }
        var ack = WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            w.WriteString("channel", "balances");
            w.WriteBoolean("snapshot", snapshot);
            w.WriteEndObject();
        });
        _hub.Accounts.SubscribeBalances(subscription, snapshot, ack);
        r.Connection.HoldToken(r.String("token")!);
        r.Connection.EnsureHeartbeat(Context.Time, Heartbeat);
    }

    private void Unsubscribe(in WsRequest r)
    {
        var channel = r.String("channel");
        if (channel is null) { r.Connection.Send(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("channel"))); return; }
        switch (channel)
        {
            case "book" or "trade" or "ticker" or "ohlc":
                if (MarketOptions(r, channel, out var depth, out var intervalIndex, out var symbols) is { } error)
                {
                    r.Connection.Send(WsResponse.Error(r, Now, error));
                    return;
                }
                foreach (var symbol in symbols!)
                {
                    if (!TryPair(symbol, out _)) { r.Connection.Send(WsResponse.Error(r, Now, $"Currency pair not supported {symbol}", symbol)); continue; }
                    if (!r.Connection.TryRemoveSubscription(Key(channel, symbol, intervalIndex), out var record)
                        || (record is BookSubscription b && b.Depth != depth))
                    {
                        if (record is not null) r.Connection.TryAddSubscription(Key(channel, symbol, intervalIndex), record);
                        r.Connection.Send(WsResponse.Error(r, Now, "Subscription Not Found", symbol));
                        continue;
                    }
                    _hub.Unsubscribe(r.Connection, record!);
                    var minutes = MarketStats.IntervalsMinutes[intervalIndex];
                    r.Connection.Send(WsResponse.Ok(r, Now, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("channel", channel);
                        if (channel == "book") w.WriteNumber("depth", depth);
                        if (channel == "ohlc") w.WriteNumber("interval", minutes);
                        w.WriteString("symbol", symbol);
                        w.WriteEndObject();
                    }));
                }
                return;
            case "instrument" or "executions" or "balances":
                if (channel != "instrument" && WsAuth.Account(r, Context.Tokens, out _) is { } authError)
                {
                    r.Connection.Send(WsResponse.Error(r, Now, authError));
                    return;
                }
                if (!r.Connection.TryRemoveSubscription(channel, out var sub))
                {
                    r.Connection.Send(WsResponse.Error(r, Now, "Subscription Not Found"));
                    return;
                }
                _hub.Unsubscribe(r.Connection, sub!);
                r.Connection.Send(WsResponse.Ok(r, Now, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("channel", channel);
                    w.WriteEndObject();
                }));
                return;
            default:
                r.Connection.Send(WsResponse.Error(r, Now, "Subscription name invalid"));
                return;
        }
    }
}
