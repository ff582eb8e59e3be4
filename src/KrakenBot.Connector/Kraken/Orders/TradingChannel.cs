using System.Text.Json;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Sends trading requests over the private WebSocket when it is up (the fast path), and over REST when it is not.
/// A request the socket refused to send (not connected) falls back to REST; a request that may have reached Kraken
/// (<see cref="OutcomeUnknownException"/>) never does: the caller must look it up first.
/// </summary>
internal sealed class TradingChannel
{
    private readonly KrakenPrivateSocket? _socket;
    private readonly KrakenRestClient _rest;

    public TradingChannel(KrakenPrivateSocket? socket, KrakenRestClient rest)
    {
        _socket = socket;
        _rest = rest;
    }

    public bool SocketReady => _socket?.Session.IsReady == true;

    /// <summary>
    /// Places an order; returns Kraken's txid. <paramref name="deadline"/> makes Kraken refuse it if it arrives late, over
    /// the socket and over REST alike, so a lost reply can be settled by a lookup once the deadline has passed.
    /// </summary>
    public Task<string> AddOrderAsync(MarketPair pair, OrderRequest request, string clientOrderId, DateTimeOffset deadline,
        CancellationToken cancellationToken) =>
        ViaSocketOrRest(
            () => AddOrderSocketAsync(pair, request, clientOrderId, deadline, cancellationToken),
            () => AddOrderRestAsync(pair, request, clientOrderId, deadline, cancellationToken));

    public Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken) =>
        CancelAsync("cl_ord_id", clientOrderId, () => _rest.CancelOrderByClientOrderIdAsync(clientOrderId, cancellationToken), cancellationToken);

    /// <summary>Cancels by Kraken's order id: for orders placed outside this connector, which Kraken knows by no client id of ours.</summary>
    public Task CancelOrderByExchangeIdAsync(string exchangeOrderId, CancellationToken cancellationToken) =>
        CancelAsync("order_id", exchangeOrderId, () => _rest.CancelOrderAsync(exchangeOrderId, cancellationToken), cancellationToken);

    private Task CancelAsync(string idField, string id, Func<Task<KrakenCancelResult>> viaRest, CancellationToken cancellationToken) =>
        ViaSocketOrRest<bool>(
            async () =>
            {
                var response = await SendAsync("cancel_order", w =>
                {
                    w.WriteStartArray(idField);
                    w.WriteStringValue(id);
                    w.WriteEndArray();
                }, cancellationToken).ConfigureAwait(false);
                ThrowIfFailed(response, "cancel_order", refersToExistingOrder: true);
                return true;
            },
            async () =>
            {
                await viaRest().ConfigureAwait(false);
                return true;
            });

    public Task<int> CancelAllAsync(CancellationToken cancellationToken) =>
        ViaSocketOrRest(
            async () =>
            {
                var response = await SendAsync("cancel_all", null, cancellationToken).ConfigureAwait(false);
                ThrowIfFailed(response, "cancel_all");
                return ReadInt(response.Result.Span, "count"u8);
            },
            () => _rest.CancelAllAsync(cancellationToken));

    /// <remarks>
    /// A strategy's requote comes through here on the thread that saw the book move: the request is written from a value
    /// (<see cref="AmendCall"/>) with static callbacks, so nothing is allocated for it before it is on the socket.
    /// </remarks>
    public Task AmendOrderAsync(string clientOrderId, decimal? price, decimal? amount, bool postOnly, CancellationToken cancellationToken) =>
        ViaSocketOrRest(new AmendCall(this, clientOrderId, price, amount, postOnly, cancellationToken),
            static async call =>
            {
                var response = await call.Channel._socket!.SendTradingRequestAsync("amend_order", call, AmendCall.WriteParams, call.Token)
                    .ConfigureAwait(false);
                ThrowIfFailed(response, "amend_order", refersToExistingOrder: true);
                return true;
            },
            static async call =>
            {
                await call.Channel._rest.AmendOrderAsync(new KrakenAmendOrderRequest
                {
                    ClientOrderId = call.ClientOrderId, OrderQuantity = call.Amount, LimitPrice = call.Price, PostOnly = call.PostOnly,
                }, call.Token).ConfigureAwait(false);
                return true;
            });

    /// <summary>Arms (or with zero disarms) Kraken's dead man's switch.</summary>
    public Task CancelAllOrdersAfterAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        ViaSocketOrRest<bool>(
            async () =>
            {
                var response = await SendAsync("cancel_all_orders_after", w => w.WriteNumber("timeout"u8, (long)timeout.TotalSeconds),
                    cancellationToken).ConfigureAwait(false);
                ThrowIfFailed(response, "cancel_all_orders_after");
                return true;
            },
            async () =>
            {
                await _rest.CancelAllOrdersAfterAsync(timeout, cancellationToken).ConfigureAwait(false);
                return true;
            });

    private async Task<string> AddOrderSocketAsync(MarketPair pair, OrderRequest request, string clientOrderId,
        DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var response = await SendAsync("add_order", w =>
        {
            w.WriteString("order_type"u8, request.Type == OrderType.Market ? "market" : "limit");
            w.WriteString("side"u8, request.Side == OrderSide.Buy ? "buy" : "sell");
            w.WriteNumber("order_qty"u8, request.Amount);
            w.WriteString("symbol"u8, pair.Symbol);
            if (request.Price is { } price) w.WriteNumber("limit_price"u8, price);
            if (!(request.Type == OrderType.Market && request.TimeInForce == TimeInForce.Gtc))
                w.WriteString("time_in_force"u8, WireTimeInForce(request.TimeInForce));
            if (request.ExpireTime is { } expire) w.WriteString("expire_time"u8, expire.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            if (request.Type == OrderType.LimitMaker) w.WriteBoolean("post_only"u8, true);
            w.WriteString("cl_ord_id"u8, clientOrderId);
            w.WriteString("deadline"u8, deadline.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        }, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response, "add_order");
        return ReadString(response.Result.Span, "order_id"u8)
            ?? throw new UnexpectedResponseException("Kraken accepted add_order but sent no order_id; the order will be found by reconciliation.");
    }

    private async Task<string> AddOrderRestAsync(MarketPair pair, OrderRequest request, string clientOrderId, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var result = await _rest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = pair.AltName,
            Side = KrakenFills.ToKraken(request.Side),
            OrderType = request.Type == OrderType.Market ? KrakenOrderType.Market : KrakenOrderType.Limit,
            Volume = request.Amount,
            Price = request.Price,
            ClientOrderId = clientOrderId,
            PostOnly = request.Type == OrderType.LimitMaker,
            TimeInForce = request.TimeInForce switch
            {
                TimeInForce.Ioc => KrakenTimeInForce.ImmediateOrCancel,
                TimeInForce.Fok => KrakenTimeInForce.FillOrKill,
                TimeInForce.Gtd => KrakenTimeInForce.GoodTillDate,
                _ => null,
            },
            ExpireAt = request.ExpireTime,
            Deadline = deadline,
        }, cancellationToken).ConfigureAwait(false);
        return result.TxIds.Count > 0
            ? result.TxIds[0]
            : throw new UnexpectedResponseException("Kraken accepted AddOrder but sent no txid; the order will be found by reconciliation.");
    }

    private Task<T> ViaSocketOrRest<T>(Func<Task<T>> viaSocket, Func<Task<T>> viaRest) =>
        ViaSocketOrRest((viaSocket, viaRest), static calls => calls.viaSocket(), static calls => calls.viaRest());

    private async Task<T> ViaSocketOrRest<TState, T>(TState state, Func<TState, Task<T>> viaSocket, Func<TState, Task<T>> viaRest)
    {
        if (SocketReady)
        {
            try
            {
                return await viaSocket(state).ConfigureAwait(false);
            }
            catch (NetworkException ex) when (ex.IsRetrySafe)
            {
                // Not connected: nothing was sent, so REST may carry it.
            }
        }
        return await viaRest(state).ConfigureAwait(false);
    }

    private Task<MethodResponse> SendAsync(string method, Action<Utf8JsonWriter>? writeParams, CancellationToken cancellationToken) =>
        _socket!.SendTradingRequestAsync(method, writeParams ?? (static _ => { }), cancellationToken);

    private static void ThrowIfFailed(MethodResponse response, string method, bool refersToExistingOrder = false)
    {
        if (response.Success == false)
            throw KrakenErrorMapper.Map(response.Error ?? "EGeneral:Unknown error", method, refersToExistingOrder);
    }

    private static string WireTimeInForce(TimeInForce tif) => tif switch
    {
        TimeInForce.Ioc => "ioc",
        TimeInForce.Fok => "fok",
        TimeInForce.Gtd => "gtd",
        _ => "gtc",
    };

    private static string? ReadString(ReadOnlySpan<byte> result, ReadOnlySpan<byte> name)
    {
        if (result.IsEmpty) return null;
        var reader = new Utf8JsonReader(result);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }
        return null;
    }

    private static int ReadInt(ReadOnlySpan<byte> result, ReadOnlySpan<byte> name)
    {
        if (result.IsEmpty) return 0;
        var reader = new Utf8JsonReader(result);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : 0;
            }
        }
        return 0;
    }

    /// <summary>One amend, as a value: what its request is written from.</summary>
    private readonly record struct AmendCall(TradingChannel Channel, string ClientOrderId, decimal? Price, decimal? Amount, bool PostOnly,
        CancellationToken Token)
    {
        public static readonly Action<Utf8JsonWriter, AmendCall> WriteParams = static (w, call) =>
        {
            w.WriteString("cl_ord_id"u8, call.ClientOrderId);
            if (call.Amount is { } qty) w.WriteNumber("order_qty"u8, qty);
            if (call.Price is { } limit) w.WriteNumber("limit_price"u8, limit);
            if (call.PostOnly) w.WriteBoolean("post_only"u8, true);
        };
    }
}
