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
        long mantissa = 0;
        int significant = 0;
        int start = p;
        if (!Digits(frame, ref p, ref mantissa, ref significant))
        {
            return false;
        }
        if (p - start > 1 && frame[start] == (byte)'0')
        {
            return false; // a leading zero is not JSON
        }
        int decimals = 0;
        if (p < frame.Length && frame[p] == (byte)'.')
        {
            p++;
            int fractionStart = p;
            if (!Digits(frame, ref p, ref mantissa, ref significant))
            {
                return false;
            }
            decimals = p - fractionStart;
        }
        number = new BookNumber(mantissa, decimals);
        return true;
    }

    /// <summary>One or more digits, accumulated; false when none, or too many significant digits for a long.</summary>
    private static bool Digits(ReadOnlySpan<byte> frame, ref int p, ref long mantissa, ref int significant)
    {
        int start = p;
        while (p < frame.Length)
        {
            uint digit = (uint)(frame[p] - '0');
            if (digit > 9)
            {
                break;
            }
            if (mantissa != 0 || digit != 0)
            {
                if (++significant > MaxSignificantDigits)
                {
                    return false;
                }
                mantissa = mantissa * 10 + digit;
            }
            p++;
        }
        return p > start;
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
        while (p < frame.Length)
        {
            byte b = frame[p];
            if (b == (byte)'"')
            {
                length = p - start;
                p++;
                return true;
            }
            if (b < 0x20 || b > 0x7E || b == (byte)'\\')
            {
                break;
            }
            p++;
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
