using System.Text.Json;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.Socket;

public sealed class ProtocolTests
{
    private readonly SymbolCache _symbols = new();

    [Theory]
    [InlineData("book-snapshot-matic.json", nameof(KrakenChannel.Book), nameof(KrakenMessageType.Snapshot), "MATIC/USD")]
    [InlineData("book-update-matic.json", nameof(KrakenChannel.Book), nameof(KrakenMessageType.Update), "MATIC/USD")]
    [InlineData("constructed-trade-update.json", nameof(KrakenChannel.Trade), nameof(KrakenMessageType.Update), "BTC/USD")]
    [InlineData("constructed-ticker-snapshot.json", nameof(KrakenChannel.Ticker), nameof(KrakenMessageType.Snapshot), "BTC/USD")]
    [InlineData("constructed-ohlc-update.json", nameof(KrakenChannel.Ohlc), nameof(KrakenMessageType.Update), "MATIC/USD")]
    [InlineData("instrument-snapshot.json", nameof(KrakenChannel.Instrument), nameof(KrakenMessageType.Snapshot), null)]
    [InlineData("constructed-status-update.json", nameof(KrakenChannel.Status), nameof(KrakenMessageType.Update), null)]
    [InlineData("executions-update-trade.json", nameof(KrakenChannel.Executions), nameof(KrakenMessageType.Update), "BTC/USD")]
    // balances: "type" comes after "data" in Kraken's example; still classified as a snapshot.
    [InlineData("balances-snapshot.json", nameof(KrakenChannel.Balances), nameof(KrakenMessageType.Snapshot), null)]
    public void Classifies_channel_messages(string file, string channel, string type, string? symbol)
    {
        // Channel and type by name: both enums are internal, and a public theory cannot take them as parameters.
        var header = MessageClassifier.Classify(SocketData.Bytes(file), _symbols);

        Assert.Equal(MessageKind.ChannelMessage, header.Kind);
        Assert.Equal(Enum.Parse<KrakenChannel>(channel), header.Channel);
        Assert.Equal(Enum.Parse<KrakenMessageType>(type), header.Type);
        Assert.Equal(symbol, header.Symbol);
    }

    [Theory]
    [InlineData("ticker-subscribe-ack.json")]
    [InlineData("instrument-subscribe-ack.json")]
    [InlineData("executions-subscribe-ack.json")]
    public void Classifies_method_responses(string file)
    {
        var header = MessageClassifier.Classify(SocketData.Bytes(file), _symbols);
        Assert.Equal(MessageKind.MethodResponse, header.Kind);
    }

    [Theory]
    [InlineData("{\"Error\":\"Exceeded msg rate\"}")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"channel\":\"book\",\"type\":")]
    public void Unknown_or_broken_messages_are_unknown_not_exceptions(string text)
    {
        var header = MessageClassifier.Classify(Encoding.UTF8.GetBytes(text), _symbols);
        Assert.Equal(MessageKind.Unknown, header.Kind);
    }

    [Theory]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"bids\":[{\"price\":1.5,\"qty\":2}],\"symbol\":\"BTC/USD\"}]}")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC\\/USD\"}]}")]
    [InlineData("{\"data\":[{\"symbol\":\"BTC/USD\",\"asks\":[]}],\"type\":\"update\",\"channel\":\"book\"}")]
    public void Finds_the_symbol_wherever_it_is_and_however_it_is_escaped(string text)
    {
        var header = MessageClassifier.Classify(Encoding.UTF8.GetBytes(text), _symbols);
        Assert.Equal(KrakenChannel.Book, header.Channel);
        Assert.Equal(KrakenMessageType.Update, header.Type);
        Assert.Equal("BTC/USD", header.Symbol);
    }

    [Fact]
    public void Heartbeat_is_classified()
    {
        var header = MessageClassifier.Classify("{\"channel\":\"heartbeat\"}"u8, _symbols);
        Assert.Equal(KrakenChannel.Heartbeat, header.Channel);
        Assert.Null(header.Symbol);
    }

    [Fact]
    public void Classifying_allocates_nothing_once_symbols_are_known()
    {
        byte[][] messages =
        [
            SocketData.Bytes("book-snapshot-matic.json"), SocketData.Bytes("book-update-matic.json"),
            SocketData.Bytes("constructed-trade-update.json"), SocketData.Bytes("constructed-ticker-snapshot.json"),
            SocketData.Bytes("balances-snapshot.json"), "{\"channel\":\"heartbeat\"}"u8.ToArray(),
        ];
        foreach (var message in messages) MessageClassifier.Classify(message, _symbols); // warm up: symbols cached

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            foreach (var message in messages)
                MessageClassifier.Classify(message, _symbols);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Symbol_strings_are_shared_between_messages()
    {
        var first = MessageClassifier.Classify(SocketData.Bytes("book-snapshot-matic.json"), _symbols);
        var second = MessageClassifier.Classify(SocketData.Bytes("book-update-matic.json"), _symbols);
        Assert.Same(first.Symbol, second.Symbol);
    }

    [Fact]
    public void Parses_subscribe_ack_with_req_id_and_symbol()
    {
        var response = MethodResponse.Parse(SocketData.Bytes("ticker-subscribe-ack.json"));

        Assert.Equal("subscribe", response.Method);
        Assert.Equal(1, response.RequestId);
        Assert.True(response.Success);
        Assert.Null(response.Error);
        Assert.Equal("BTC/USD", response.Symbol);
        Assert.Equal("ticker", response.Channel);
        Assert.StartsWith("{\"channel\":\"ticker\"", Encoding.UTF8.GetString(response.Result.Span));
    }

    [Fact]
    public void Parses_ack_warnings()
    {
        var response = MethodResponse.Parse(SocketData.Bytes("instrument-subscribe-ack.json"));
        Assert.Equal(79, response.RequestId);
        Assert.Equal(["tick_size is deprecated, use price_increment"], response.Warnings);
        Assert.Null(response.Symbol);
        Assert.Equal("instrument", response.Channel);
    }

    [Fact]
    public void Parses_subscribe_rejection_with_top_level_symbol()
    {
        var response = MethodResponse.Parse(
            "{\"error\":\"Currency pair not supported FOO/USD\",\"method\":\"subscribe\",\"req_id\":7,\"success\":false,\"symbol\":\"FOO/USD\",\"time_in\":\"2023-09-25T09:04:31.742599Z\",\"time_out\":\"2023-09-25T09:04:31.742648Z\"}"u8);

        Assert.False(response.Success);
        Assert.Equal(7, response.RequestId);
        Assert.Equal("FOO/USD", response.Symbol);
        Assert.Equal("Currency pair not supported FOO/USD", response.Error);
        Assert.True(response.Result.IsEmpty);
    }

    [Fact]
    public void Parses_trades_with_ids_and_exact_decimals()
    {
        var trades = new List<KrakenTrade>();
        int count = TradeParser.Parse(SocketData.Bytes("constructed-trade-update.json"), isSnapshot: false, _symbols, trades.Add);

        Assert.Equal(2, count);
        var first = trades[0];
        Assert.Equal("BTC/USD", first.Symbol);
        Assert.Equal(TradeSide.Sell, first.Side);
        Assert.Equal(26599.9m, first.Price);
        Assert.Equal("0.00500000", first.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)); // scale kept as sent
        Assert.Equal(TradeOrderType.Limit, first.OrderType);
        Assert.Equal(62887576, first.TradeId);
        Assert.Equal(new DateTimeOffset(2023, 9, 22, 10, 33, 5, TimeSpan.Zero).AddTicks(7099930), first.Timestamp);
        Assert.False(first.IsSnapshot);

        Assert.Equal(TradeSide.Buy, trades[1].Side);
        Assert.Equal(0.00000001m, trades[1].Quantity); // exponent form, exact
        Assert.Equal(TradeOrderType.Market, trades[1].OrderType);
        Assert.Equal(62887577, trades[1].TradeId);
    }

    [Fact]
    public void Decimal_parsing_is_exact_where_double_is_not()
    {
        // 0.1 + 0.2 style values and more significant digits than a double holds.
        var trades = new List<KrakenTrade>();
        TradeParser.Parse(
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"X/Y\",\"side\":\"buy\",\"price\":12345678901234.123456,\"qty\":\"0.30000000000000004\",\"ord_type\":\"limit\",\"trade_id\":1,\"timestamp\":\"2023-09-22T10:33:05Z\"}]}"u8,
            false, _symbols, trades.Add);

        Assert.Equal(12345678901234.123456m, trades[0].Price);
        Assert.Equal(0.30000000000000004m, trades[0].Quantity);
        Assert.NotEqual((decimal)12345678901234.123456d, trades[0].Price);
    }

    [Fact]
    public void Parses_ticker()
    {
        var tickers = new List<KrakenTicker>();
        TickerParser.Parse(SocketData.Bytes("constructed-ticker-snapshot.json"), true, _symbols, tickers.Add);

        var t = Assert.Single(tickers);
        Assert.Equal("BTC/USD", t.Symbol);
        Assert.Equal(45283.4m, t.Bid);
        Assert.Equal(1.54582015m, t.BidQuantity);
        Assert.Equal(45285.2m, t.Ask);
        Assert.Equal("0.00100000", t.AskQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(45284.0m, t.Last);
        Assert.Equal(1234.56789012m, t.Volume);
        Assert.Equal(45100.12345m, t.Vwap);
        Assert.Equal(44000.1m, t.Low);
        Assert.Equal(46000.9m, t.High);
        Assert.Equal(-215.3m, t.Change);
        Assert.Equal(-0.47m, t.ChangePercent);
        Assert.True(t.IsSnapshot);
    }

    [Fact]
    public void Parses_ohlc_candle_with_nanosecond_interval_begin()
    {
        var candles = new List<KrakenCandle>();
        OhlcParser.Parse(SocketData.Bytes("constructed-ohlc-update.json"), false, _symbols, candles.Add);

        var c = Assert.Single(candles);
        Assert.Equal("MATIC/USD", c.Symbol);
        Assert.Equal(5, c.IntervalMinutes);
        Assert.Equal(new DateTimeOffset(2023, 10, 4, 16, 25, 0, TimeSpan.Zero), c.IntervalBegin);
        Assert.Equal(new DateTimeOffset(2023, 10, 4, 16, 30, 0, TimeSpan.Zero), c.IntervalEnd);
        Assert.Equal(0.5624m, c.Open);
        Assert.Equal(0.5628m, c.High);
        Assert.Equal(0.5622m, c.Low);
        Assert.Equal(0.5627m, c.Close);
        Assert.Equal(30927.68066226m, c.Volume);
        Assert.Equal(0.5626m, c.Vwap);
        Assert.Equal(12, c.Trades);
    }

    [Fact]
    public void Parses_kraken_instrument_snapshot_with_exact_increments()
    {
        var update = InstrumentParser.Parse(SocketData.Bytes("instrument-snapshot.json"), true, _symbols);

        Assert.True(update.IsSnapshot);
        Assert.Equal(["USD", "BTC", "XRP"], update.Assets.Select(a => a.Id));
        var usd = update.Assets[0];
        Assert.Equal(4, usd.Precision);
        Assert.Equal(2, usd.PrecisionDisplay);
        Assert.Equal(0.015m, usd.MarginRate);

        var btc = update.Pairs.Single(p => p.Symbol == "BTC/USD");
        Assert.Equal("BTC", btc.Base);
        Assert.Equal("USD", btc.Quote);
        Assert.Equal("online", btc.Status);
        Assert.Equal(1, btc.PricePrecision);
        Assert.Equal(0.1m, btc.PriceIncrement);
        Assert.Equal(8, btc.QuantityPrecision);
        Assert.Equal(0.00000001m, btc.QuantityIncrement); // sent as 1e-08
        Assert.Equal(0.0001m, btc.QuantityMin);
        Assert.Equal(5, btc.CostPrecision);
        Assert.Equal(0.5m, btc.CostMin);
        Assert.True(btc.Marginable);
        Assert.True(btc.HasIndex);

        var matic = update.Pairs.Single(p => p.Symbol == "MATIC/GBP");
        Assert.Equal(4, matic.PricePrecision);
        Assert.Equal(0.0001m, matic.PriceIncrement);
        Assert.Equal(4.0m, matic.QuantityMin);
        Assert.Equal(0.43m, matic.CostMin);
        Assert.False(matic.Marginable);
    }

    [Fact]
    public void Parses_kraken_instrument_update()
    {
        var update = InstrumentParser.Parse(SocketData.Bytes("instrument-update.json"), false, _symbols);
        Assert.False(update.IsSnapshot);
        Assert.Equal("BTC", Assert.Single(update.Assets).Id);
        Assert.Empty(update.Pairs);
    }

    [Fact]
    public void Parses_status_with_uint64_connection_id()
    {
        var status = StatusParser.Parse(SocketData.Bytes("constructed-status-update.json"));
        Assert.Equal(KrakenSystemState.Online, status.State);
        Assert.Equal("v2", status.ApiVersion);
        Assert.Equal("2.0.0", status.Version);
        Assert.Equal(12393906104898154338UL, status.ConnectionId);
    }

    [Theory]
    [InlineData("maintenance", nameof(KrakenSystemState.Maintenance))]
    [InlineData("cancel_only", nameof(KrakenSystemState.CancelOnly))]
    [InlineData("post_only", nameof(KrakenSystemState.PostOnly))]
    [InlineData("something_new", nameof(KrakenSystemState.Unknown))]
    public void Parses_every_system_state(string raw, string expectedState)
    {
        var expected = Enum.Parse<KrakenSystemState>(expectedState); // the state enum is internal: a public theory takes its name
        var status = StatusParser.Parse(Encoding.UTF8.GetBytes(
            $"{{\"channel\":\"status\",\"type\":\"update\",\"data\":[{{\"system\":\"{raw}\",\"api_version\":\"v2\"}}]}}"));
        Assert.Equal(expected, status.State);
        Assert.Equal(raw, status.RawSystem);
    }

    [Fact]
    public void Malformed_number_gives_a_clear_error_naming_channel_and_field()
    {
        var ex = Assert.Throws<UnexpectedResponseException>(() => TradeParser.Parse(
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":{\"x\":1},\"qty\":1,\"trade_id\":1,\"timestamp\":\"2023-09-22T10:33:05Z\"}]}"u8,
            false, _symbols, _ => { }));
        Assert.Contains("'trade'", ex.Message);
        Assert.Contains("'price'", ex.Message);
    }

    [Fact]
    public void Missing_trade_id_is_an_error_not_a_zero()
    {
        var ex = Assert.Throws<UnexpectedResponseException>(() => TradeParser.Parse(
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":1,\"qty\":1,\"timestamp\":\"2023-09-22T10:33:05Z\"}]}"u8,
            false, _symbols, _ => { }));
        Assert.Contains("trade_id", ex.Message);
    }

    [Fact]
    public void Request_writer_produces_kraken_envelope()
    {
        var bytes = RequestWriter.Write("subscribe", 42, w =>
        {
            w.WriteString("channel", "book");
            w.WriteStartArray("symbol");
            w.WriteStringValue("BTC/USD");
            w.WriteEndArray();
            w.WriteNumber("depth", 10);
        });
        Assert.Equal("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":10},\"req_id\":42}",
            Encoding.UTF8.GetString(bytes.Span));
    }

    [Fact]
    public void Request_written_into_the_threads_buffer_is_the_same_text_and_the_next_one_replaces_it()
    {
        static void Amend(Utf8JsonWriter w) => AmendFrom(w, "abc");
        static void AmendFrom(Utf8JsonWriter w, string clientOrderId)
        {
            w.WriteString("cl_ord_id"u8, clientOrderId);
            w.WriteNumber("limit_price"u8, 59930.10m);
        }

        string owned = Encoding.UTF8.GetString(RequestWriter.Write("amend_order", 7, Amend, token: "tok").Span);
        string reused = Encoding.UTF8.GetString(RequestWriter.WriteReused("amend_order", 7, "abc", AmendFrom, JsonEncodedText.Encode("tok")).Span);
        Assert.Equal("{\"method\":\"amend_order\",\"params\":{\"cl_ord_id\":\"abc\",\"limit_price\":59930.10,\"token\":\"tok\"},\"req_id\":7}", owned);
        Assert.Equal(owned, reused);
        // The token is encoded once per session; escaped as the writer escapes a string (Kraken's are base64: '+', '/').
        Assert.Equal(Encoding.UTF8.GetString(RequestWriter.Write("amend_order", 7, Amend, token: "a+b/c=").Span),
            Encoding.UTF8.GetString(RequestWriter.WriteReused("amend_order", 7, "abc", AmendFrom, JsonEncodedText.Encode("a+b/c=")).Span));

        // A params writer that throws leaves nothing behind for the next request on this thread.
        Assert.Throws<InvalidOperationException>(() => RequestWriter.WriteReused<object?>("cancel_order", 8, null, (_, _) => throw new InvalidOperationException(), null));
        Assert.Equal("{\"method\":\"ping\",\"req_id\":9}", Encoding.UTF8.GetString(RequestWriter.WriteReused<object?>("ping", 9, null, null, null).Span));
    }
}
