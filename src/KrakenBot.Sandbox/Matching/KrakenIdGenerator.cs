namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// Kraken-format ids (<c>OQCLML-BW3P3-BUCMWZ</c>): a prefix letter and 16 random base-32 characters
/// in 6-5-6 groups, drawn from an injected (seeded) random so runs are reproducible.
/// Not thread-safe: each pair engine owns one and uses it under its lock.
/// </summary>
internal sealed class KrakenIdGenerator
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly Random _random;

    public KrakenIdGenerator(Random random) => _random = random;

    public string Next(char prefix)
    {
        // 80 random bits: two draws of 40 bits each.
        var high = _random.NextInt64() & 0xFF_FFFF_FFFFL;
        var low = _random.NextInt64() & 0xFF_FFFF_FFFFL;
        return string.Create(19, (prefix, high, low), static (span, state) =>
        {
            span[0] = state.prefix;
            var h = state.high;
            var l = state.low;
            // positions of the 16 random characters around the dashes at 6 and 12
            span[6] = '-';
            span[12] = '-';
            var p = 1;
            for (var i = 0; i < 8; i++, h >>= 5) { if (p == 6) p++; span[p++] = Alphabet[(int)(h & 31)]; }
            for (var i = 0; i < 8; i++, l >>= 5) { if (p == 6 || p == 12) p++; span[p++] = Alphabet[(int)(l & 31)]; }
        });
    }
}
