using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Computes Kraken's spot REST <c>API-Sign</c> header (API.md §2):
/// <c>base64(HMAC-SHA512(key = secret, msg = uri_path + SHA256(nonce + postdata)))</c>.
/// The caller signs the exact body bytes it sends.
/// </summary>
internal static class KrakenSigner
{
    private const int MaxNonceDigits = 20;
    private const int StackLimit = 1024;

    /// <summary>Signs <paramref name="body"/> (the bytes that go on the wire) for <paramref name="uriPath"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string uriPath, long nonce, ReadOnlySpan<byte> body)
    {
        // inner = SHA256(nonce digits + body): one contiguous buffer so the hash is a single call.
        int innerLength = MaxNonceDigits + body.Length;
        byte[]? rentedInner = innerLength > StackLimit ? ArrayPool<byte>.Shared.Rent(innerLength) : null;
        Span<byte> innerInput = rentedInner is null ? stackalloc byte[innerLength] : rentedInner;
        if (!Utf8Formatter.TryFormat(nonce, innerInput, out int nonceLength))
            throw new ArgumentOutOfRangeException(nameof(nonce));
        body.CopyTo(innerInput[nonceLength..]);

        int pathLength = Encoding.UTF8.GetByteCount(uriPath);
        int messageLength = pathLength + SHA256.HashSizeInBytes;
        byte[]? rentedMessage = messageLength > StackLimit ? ArrayPool<byte>.Shared.Rent(messageLength) : null;
        Span<byte> message = rentedMessage is null ? stackalloc byte[messageLength] : rentedMessage;
        Encoding.UTF8.GetBytes(uriPath, message);
        SHA256.HashData(innerInput[..(nonceLength + body.Length)], message.Slice(pathLength, SHA256.HashSizeInBytes));

        Span<byte> signature = stackalloc byte[HMACSHA512.HashSizeInBytes];
        HMACSHA512.HashData(secret, message[..messageLength], signature);

        if (rentedInner is not null) ArrayPool<byte>.Shared.Return(rentedInner);
        if (rentedMessage is not null) ArrayPool<byte>.Shared.Return(rentedMessage);
        return Convert.ToBase64String(signature);
    }
}
