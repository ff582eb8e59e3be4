using System.Text;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>Reading v2 book frames: exact numbers or a clear error, never a silently rounded value.</summary>
public sealed class BookMessageParserTests
{
    private static BookMessage Parse(string frame)
    {
        var message = new BookMessage();
        BookMessageParser.Parse(Encoding.UTF8.GetBytes(frame), message);
        return message;
    }

    private static string WithAsk(string price, string qty) =>
        $"{{\"channel\":\"book\",\"type\":\"update\",\"data\":[{{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[{{\"price\":{price},\"qty\":{qty}}}],\"checksum\":1}}]}}";

    [Fact]
    public void Reads_numbers_as_their_exact_digits_with_trailing_zeros()
    {
        BookMessage message = Parse(WithAsk("45285.2", "0.00100000"));

        Assert.Equal(BookMessageType.Update, message.Type);
        BookWireLevel level = message.Asks(message.Entry(0))[0];
        Assert.Equal(new BookNumber(452852, 1), level.Price);
        Assert.Equal(new BookNumber(100000, 8), level.Qty);
        Assert.Equal("BTC/USD", Encoding.UTF8.GetString(message.Symbol(message.Entry(0))));
        Assert.Equal(1u, message.Entry(0).Checksum);
    }

    [Fact]
    public void Accepts_any_field_order_whitespace_escapes_and_unknown_fields()
    {
        const string frame = """
            { "type" : "snapshot", "extra": {"a":[1,2,{"b":null}]}, "data" : [ {
                "checksum" : 4294967295, "asks":[], "timestamp":"x",
                "bids" : [ { "qty" : 2 , "note":"\u0041", "price" : 100 } ],
                "sym\u0062ol" : "BTC\/USD" } ], "channel":"book" }
            """;

        BookMessage message = Parse(frame);

        Assert.Equal(BookMessageType.Snapshot, message.Type);
        ref readonly BookEntry entry = ref message.Entry(0);
        Assert.Equal("BTC/USD", Encoding.UTF8.GetString(message.Symbol(entry)));
        Assert.Equal(uint.MaxValue, entry.Checksum);
        Assert.Equal(new BookWireLevel(new BookNumber(100, 0), new BookNumber(2, 0)), message.Bids(entry)[0]);
    }

    [Theory]
    [InlineData("1e-5", "exponent notation")]
    [InlineData("4.5E3", "exponent notation")]
    [InlineData("-0.5", "negative")]
    [InlineData("\"0.5\"", "a string \"0.5\"; expected a JSON number")]
    [InlineData("null", "null null; expected a JSON number")]
    [InlineData("true", "a boolean true; expected a JSON number")]
    [InlineData("1234567890123456789", "more significant digits than a 64-bit integer holds")]
    [InlineData("{}", "an object")]
    public void Rejects_a_qty_that_is_not_a_plain_decimal_with_a_clear_error(string qty, string expected)
    {
        var error = Assert.Throws<UnexpectedResponseException>(() => Parse(WithAsk("100.0", qty)));

        Assert.Contains("\"asks\" qty", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExchangeErrorCategory.UnexpectedResponse, error.Category);
    }

    [Theory]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":-1}]}", "checksum -1; expected an unsigned 32-bit integer")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[],\"checksum\":4294967296}]}", "checksum 4294967296")]
    [InlineData("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[]}", "channel \"trade\", not \"book\"")]
    [InlineData("{\"channel\":\"book\",\"type\":\"delta\",\"data\":[]}", "type \"delta\"")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\"}", "no \"data\"")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"bids\":[]}]}", "without \"symbol\"")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":1}]}]}", "without \"qty\"")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[[1,2]]}]}", "an array; expected {\"price\"")]
    [InlineData("{\"channel\":\"book\",\"type\":\"upd", "not valid JSON")]
    [InlineData("{\"channel\":\"book\",\"type\":\"update\",\"data\":[]", "not valid JSON")]
    public void Rejects_malformed_messages_naming_the_problem(string frame, string expected)
    {
        var error = Assert.Throws<UnexpectedResponseException>(() => Parse(frame));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_with_more_decimals_than_the_pair_precision_is_rejected_not_rounded_and_the_book_resyncs()
    {
        var logger = new RecordingLogger<BookTracker>();
        using var tracker = new BookTracker(logger);
        OrderBook book = tracker.Track("BTC/USD", 10, 1, 8);
        var model = new ReferenceBook(10, 1, 8);
        model.Apply(true, 100.0m, 1m);
        model.Apply(false, 100.5m, 1m);
        tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD")));
        var requests = new List<BookResubscribeRequestedEventArgs>();
        tracker.ResubscribeRequested += (_, r) => requests.Add(r);

        var result = tracker.ProcessFrame(BookFrames.Utf8(WithAsk("100.55", "1.00000000")));

        Assert.Equal(BookFrameResult.ProtocolError, result);
        Assert.False(book.IsReady);
        Assert.False(book.TryGetBestBid(out _));
        var request = Assert.Single(requests);
        Assert.Equal(BookResyncReason.ProtocolError, request.Reason);
        Assert.Contains("price 100.55 with 2 decimals, but the pair's price precision is 1", request.Detail, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Message.Contains("100.55", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_frame_through_the_tracker_resyncs_the_book_it_names()
    {
        using var meters = new RecordingMeterFactory();
        using var tracker = new BookTracker(meterFactory: meters);
        OrderBook book = tracker.Track("BTC/USD", 10, 1, 8);
        var model = new ReferenceBook(10, 1, 8);
        model.Apply(true, 100.0m, 1m);
        tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD")));
        var requests = new List<string>();
        tracker.ResubscribeRequested += (_, r) => requests.Add(r.Symbol);

        Assert.Equal(BookFrameResult.ProtocolError, tracker.ProcessFrame(BookFrames.Utf8(WithAsk("1e3", "1"))));

        Assert.False(book.IsReady);
        Assert.Equal(["BTC/USD"], requests);
        Assert.Contains(meters.Measurements, m => m.Instrument == "krakenbot.book.protocol_errors" && m.Symbol == "BTC/USD");
    }

    [Fact]
    public void A_frame_without_a_checksum_cannot_be_verified_and_is_refused()
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 10, 1, 8);

        var result = tracker.ProcessFrame(Encoding.UTF8.GetBytes(
            "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":1.0,\"qty\":1}],\"asks\":[]}]}"));

        Assert.Equal(BookFrameResult.ProtocolError, result);
        Assert.False(book.IsReady);
    }
}
