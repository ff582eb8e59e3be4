using System.Text;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.Socket;

public class SymbolCacheTests
{
    [Fact]
    public void Equal_spans_give_the_same_instance_whichever_way_they_are_read()
    {
        var cache = new SymbolCache();
        string first = cache.Get("BTC/USD"u8);

        Assert.Equal("BTC/USD", first);
        Assert.Same(first, cache.Get(Encoding.UTF8.GetBytes("BTC/USD"))); // another buffer, same bytes
        Assert.Same(first, ReadValue(cache, "\"BTC/USD\""));
        Assert.Same(first, ReadValue(cache, "\"BTC\\/USD\"")); // escaped on the wire
        Assert.NotSame(first, cache.Get("ETH/USD"u8));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Names_that_share_a_slot_of_the_byte_table_are_each_their_own()
    {
        var cache = new SymbolCache();
        var names = Enumerable.Range(0, 2000).Select(i => $"P{i}/USD").ToArray(); // far more than the table's 256 slots
        var first = names.Select(name => cache.Get(Encoding.UTF8.GetBytes(name))).ToArray();

        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(names[i], first[i]);
            Assert.Same(first[i], cache.Get(Encoding.UTF8.GetBytes(names[i])));
        }
    }

    [Fact]
    public void It_keeps_no_more_names_than_its_capacity_and_still_reads_every_name_right()
    {
        var cache = new SymbolCache(capacity: 8);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal($"ODD{i}", cache.Get(Encoding.UTF8.GetBytes($"ODD{i}")));
            Assert.Equal($"ESC0{i}", ReadValue(cache, $"\"ESC\\u0030{i}\"")); // escaped: read through the other path
        }

        Assert.Equal(8, cache.Count);
        string longName = new('A', SymbolCache.MaxCachedLength + 1);
        Assert.Equal(longName, cache.Get(Encoding.UTF8.GetBytes(longName)));
        Assert.Equal(8, cache.Count);
    }

    [Fact]
    public void A_hit_allocates_nothing()
    {
        var cache = new SymbolCache();
        byte[][] names = ["BTC/USD"u8.ToArray(), "ETH/USD"u8.ToArray(), "USD"u8.ToArray(), "XBT"u8.ToArray()];
        byte[] message = "{\"asset\":\"USD\"}"u8.ToArray();
        foreach (var name in names) cache.Get(name);
        ReadAsset(cache, message); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            foreach (var name in names) cache.Get(name);
            ReadAsset(cache, message);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_field_that_must_be_a_string_and_is_not_is_a_malformed_message()
    {
        var cache = new SymbolCache();
        var reader = new Utf8JsonReader("42"u8);
        reader.Read();

        UnexpectedResponseException? error = null;
        try
        {
            cache.Read(ref reader, "executions", "fees.asset");
        }
        catch (UnexpectedResponseException ex)
        {
            error = ex;
        }

        Assert.NotNull(error);
        Assert.Contains("fees.asset", error.Message);
    }

    private static string ReadValue(SymbolCache cache, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return cache.Get(ref reader);
    }

    private static string ReadAsset(SymbolCache cache, byte[] message)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read(); // {
        reader.Read(); // "asset"
        reader.Read(); // "USD"
        return cache.Read(ref reader, "executions", "fees.asset");
    }
}
