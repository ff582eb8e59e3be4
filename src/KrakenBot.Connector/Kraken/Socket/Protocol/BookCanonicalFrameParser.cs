using System.Buffers;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Fast path for book frames in exactly the compact shape Kraken sends:
/// <c>{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1.5,"qty":0.25}],"asks":[],"checksum":123,"timestamp":"…"}]}</c>
/// (no whitespace, this key order, no escapes, plain ASCII strings, plain decimal numbers).
/// </summary>
/// <remarks>
/// Measured on the team's depth-1000 stream, a general <see cref="System.Text.Json.Utf8JsonReader"/> walk alone costs
/// several times the whole rest of a frame's processing. This matcher recognises the one shape Kraken emits and
/// declines everything else, which <see cref="BookMessageParser"/> then reads with Utf8JsonReader, the authority for
/// any other shape and for every error message. Whatever it accepts is valid JSON that Utf8JsonReader reads to the
/// same message: a differential test holds it to that on the sample stream, random frames and their mutations.
/// It never reports an error itself: declining costs only the time spent before the first surprise.
/// </remarks>
internal static class BookCanonicalFrameParser
{
    private const int MaxSignificantDigits = 18;

    // What ends a plain string: its closing quote, or what the fast path declines (a backslash, control or non-ASCII bytes).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    /// <returns>False when the frame is not in the canonical shape; <paramref name="message"/> must then be re-parsed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> frame, BookMessage message)
    {
        message.Reset();
        int p = 0;
        if (!Literal(frame, ref p, "{\"channel\":\"book\",\"type\":\""u8))
        {
            return false;
        }
        if (Literal(frame, ref p, "update\""u8))
        {
            message.Type = BookMessageType.Update;
        }
        else if (Literal(frame, ref p, "snapshot\""u8))
        {
            message.Type = BookMessageType.Snapshot;
        }
        else
        {
            return false;
        }
        if (!Literal(frame, ref p, ",\"data\":["u8))
        {
            return false;
        }
        do
        {
            if (!Entry(frame, ref p, message))
            {
                return false;
            }
        }
        while (Literal(frame, ref p, ","u8));
        return Literal(frame, ref p, "]}"u8) && p == frame.Length;
    }

    private static bool Entry(ReadOnlySpan<byte> frame, ref int p, BookMessage message)
    {
        if (!Literal(frame, ref p, "{\"symbol\":\""u8) || !PlainString(frame, ref p, out int symbolStart, out int symbolLength))
        {
            return false;
        }
        ref BookEntry entry = ref message.AddEntry();
        ReadOnlySpan<byte> symbol = frame.Slice(symbolStart, symbolLength);
        symbol.CopyTo(message.SymbolSpace(symbol.Length));
        entry.SymbolStart = message.CommitSymbol(symbol.Length);
        entry.SymbolLength = symbol.Length;

        if (!Literal(frame, ref p, ",\"bids\":["u8))
        {
            return false;
        }
        entry.BidStart = message.LevelCount;
        if (!Levels(frame, ref p, message, out entry.BidCount) || !Literal(frame, ref p, ",\"asks\":["u8))
        {
            return false;
        }
        entry.AskStart = message.LevelCount;
        if (!Levels(frame, ref p, message, out entry.AskCount)
            || !Literal(frame, ref p, ",\"checksum\":"u8)
            || !Checksum(frame, ref p, out entry.Checksum))
        {
            return false;
        }
        entry.HasChecksum = true;
        if (Literal(frame, ref p, ",\"timestamp\":\""u8) && !PlainString(frame, ref p, out _, out _))
        {
            return false;
        }
        return Literal(frame, ref p, "}"u8);
    }

    /// <summary>After the opening '[': zero or more <c>{"price":N,"qty":N}</c> and the closing ']'.</summary>
    private static bool Levels(ReadOnlySpan<byte> frame, ref int p, BookMessage message, out int count)
    {
        count = 0;
        if (Literal(frame, ref p, "]"u8))
        {
            return true;
        }
        do
        {
            if (!Literal(frame, ref p, "{\"price\":"u8)
                || !Number(frame, ref p, out BookNumber price)
                || !Literal(frame, ref p, ",\"qty\":"u8)
                || !Number(frame, ref p, out BookNumber qty)
                || !Literal(frame, ref p, "}"u8))
            {
                return false;
            }
            message.AddLevel(new BookWireLevel(price, qty));
            count++;
        }
        while (Literal(frame, ref p, ","u8));
        return Literal(frame, ref p, "]"u8);
    }

    /// <summary>A JSON number of the form <c>0|[1-9][0-9]*</c> then optionally <c>.[0-9]+</c>; nothing else.</summary>
    private static bool Number(ReadOnlySpan<byte> frame, ref int p, out BookNumber number)
    {
        number = default;
        int start = p;
        long mantissa = 0;
        int i = Digits(frame, p, ref mantissa);
        if (i == start || (i - start > 1 && frame[start] == (byte)'0'))
        {
            return false; // no digit, or a leading zero (not JSON)
        }
        int digits = i - start;
        int decimals = 0;
        if (i < frame.Length && frame[i] == (byte)'.')
        {
            int fractionStart = i + 1;
            i = Digits(frame, fractionStart, ref mantissa);
            decimals = i - fractionStart;
            if (decimals == 0)
            {
                return false;
            }
            digits += decimals;
        }
        if (digits > MaxSignificantDigits && !TryReadLongNumber(frame[start..i], out mantissa))
        {
            return false;
        }
        p = i;
        number = new BookNumber(mantissa, decimals);
        return true;
    }

    /// <summary>Accumulates the digits from <paramref name="p"/> on (unchecked: the caller counts them) and returns where they end.</summary>
    private static int Digits(ReadOnlySpan<byte> frame, int p, ref long mantissa)
    {
        while (p < frame.Length)
        {
            uint digit = (uint)(frame[p] - '0');
            if (digit > 9)
            {
                break;
            }
            mantissa = unchecked(mantissa * 10 + digit);
            p++;
        }
        return p;
    }

    /// <summary>
    /// A number of more than 18 digits (rare: the digits counted in one pass would overflow a long): leading zeros do
    /// not count, and at most 18 significant digits fit.
    /// </summary>
    private static bool TryReadLongNumber(ReadOnlySpan<byte> number, out long mantissa)
    {
        mantissa = 0;
        int significant = 0;
        foreach (byte b in number)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9 || (mantissa == 0 && digit == 0))
            {
                continue; // the '.', or a leading zero
            }
            if (++significant > MaxSignificantDigits)
            {
                return false;
            }
            mantissa = mantissa * 10 + digit;
        }
        return true;
    }

    private static bool Checksum(ReadOnlySpan<byte> frame, ref int p, out uint checksum)
    {
        checksum = 0;
        ulong value = 0;
        int start = p;
        while (p < frame.Length && p - start <= 10)
        {
            uint digit = (uint)(frame[p] - '0');
            if (digit > 9)
            {
                break;
            }
            value = value * 10 + digit;
            p++;
        }
        int length = p - start;
        if (length == 0 || length > 10 || value > uint.MaxValue || (length > 1 && frame[start] == (byte)'0'))
        {
            return false;
        }
        checksum = (uint)value;
        return true;
    }

    /// <summary>After the opening quote: printable ASCII other than '"' and '\' up to the closing quote.</summary>
    private static bool PlainString(ReadOnlySpan<byte> frame, ref int p, out int start, out int length)
    {
        start = p;
        int stop = frame[p..].IndexOfAny(StringStops);
        if (stop >= 0 && frame[p + stop] == (byte)'"')
        {
            length = stop;
            p += stop + 1;
            return true;
        }
        length = 0;
        return false;
    }

    private static bool Literal(ReadOnlySpan<byte> frame, ref int p, ReadOnlySpan<byte> expected)
    {
        if (frame[p..].StartsWith(expected))
        {
            p += expected.Length;
            return true;
        }
        return false;
    }
}
