using System.Globalization;
using KrakenBot.Connector.Kraken.Book;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>
/// Seeded random messages (both sides, repeated prices, deletes of absent levels, levels beyond the depth, numbers
/// with and without trailing zeros, new snapshots) against the SortedDictionary reference after every step.
/// </summary>
public sealed class BookPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Random_messages_keep_book_and_checksum_equal_to_the_reference(int seed)
    {
        var random = new Random(seed);
        int depth = random.Next(2) == 0 ? 10 : 25;
        int pricePrecision = random.Next(0, 6);
        int qtyPrecision = random.Next(0, 9);
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("XBT/EUR", depth, pricePrecision, qtyPrecision);
        var model = new ReferenceBook(depth, pricePrecision, qtyPrecision);
        var generator = new Generator(random, model);

        for (int step = 0; step < 400; step++)
        {
            string frame = step % 100 == 0 ? generator.Snapshot() : generator.Update();

            BookFrameResult result = tracker.ProcessFrame(BookFrames.Utf8(frame));

            Assert.True(result == BookFrameResult.Applied, $"seed {seed} step {step}: {result} for {frame}");
            BookAssert.SameAs(model, book);
        }
        Assert.Equal(0, tracker.ChecksumMismatches);
    }

    private sealed class Generator(Random random, ReferenceBook model)
    {
        // Bids live on ticks 1000..1099, asks on 1101..1200: more prices than the depth, so truncation happens.
        private const int Middle = 1100;

        public string Snapshot()
        {
            model.Clear();
            int bids = random.Next(0, model.Depth + 1);
            int asks = random.Next(0, model.Depth + 1);
            while (model.Bids.Count < bids)
            {
                model.Apply(true, Price(Middle - 1 - random.Next(100)), Qty());
            }
            while (model.Asks.Count < asks)
            {
                model.Apply(false, Price(Middle + 1 + random.Next(100)), Qty());
            }
            return BookFrames.Snapshot("XBT/EUR",
                model.Bids.Select(kv => (Text(kv.Key, model.PricePrecision), Text(kv.Value, model.QtyPrecision))).ToList(),
                model.Asks.Select(kv => (Text(kv.Key, model.PricePrecision), Text(kv.Value, model.QtyPrecision))).ToList(),
                model.Checksum());
        }

        public string Update()
        {
            var bids = new List<(string, string)>();
            var asks = new List<(string, string)>();
            var used = new List<(bool Bid, decimal Price)>();
            int changes = random.Next(1, 7);
            for (int i = 0; i < changes; i++)
            {
                bool bid;
                decimal price;
                if (used.Count > 0 && random.Next(5) == 0)
                {
                    (bid, price) = used[random.Next(used.Count)]; // same price again in this message
                }
                else
                {
                    bid = random.Next(2) == 0;
                    var side = bid ? model.Bids : model.Asks;
                    price = side.Count > 0 && random.Next(2) == 0
                        ? side.Keys.ElementAt(random.Next(side.Count))
                        : Price(bid ? Middle - 1 - random.Next(100) : Middle + 1 + random.Next(100));
                }
                decimal qty = random.Next(10) < 3 ? 0m : Qty();
                used.Add((bid, price));
                model.Apply(bid, price, qty);
                (bid ? bids : asks).Add((Text(price, model.PricePrecision), Text(qty, model.QtyPrecision)));
            }
            model.Truncate();
            return BookFrames.Update("XBT/EUR", bids, asks, model.Checksum());
        }

        private decimal Price(int tick) => tick * 17 / Pow10(model.PricePrecision) + 1m;

        private decimal Qty() => random.Next(1, 5_000_000) / Pow10(model.QtyPrecision);

        private static decimal Pow10(int exponent) => (decimal)Math.Pow(10, exponent);

        /// <summary>Kraken sends full precision on v2 but the documented example also shows trimmed numbers.</summary>
        private string Text(decimal value, int precision)
        {
            string text = value.ToString("F" + precision, CultureInfo.InvariantCulture);
            if (precision > 0 && random.Next(2) == 0)
            {
                text = text.TrimEnd('0').TrimEnd('.');
            }
            return text;
        }
    }
}
