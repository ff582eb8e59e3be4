using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>
/// Kraken's <c>API-Sign</c> (API.md §2): base64(HMAC-SHA512(secret, path + SHA256(nonce + body))),
/// computed over the exact body bytes received. Our own implementation, independent of the connector.
/// </summary>
internal static class ApiSignature
{
    /// <summary>True when <paramref name="signatureBase64"/> is the signature of this request.</summary>
    public static bool Verify(ReadOnlySpan<byte> secret, string uriPath, string nonce, ReadOnlySpan<byte> body, string? signatureBase64)
    {
        if (string.IsNullOrEmpty(signatureBase64) || secret.IsEmpty) return false;
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signatureBase64, given, out var givenLength) || givenLength != 64) return false;
        Span<byte> expected = stackalloc byte[64];
        Compute(secret, uriPath, nonce, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Writes the 64-byte HMAC into <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> secret, string uriPath, string nonce, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        Span<byte> inner = stackalloc byte[32];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            AppendUtf8(sha, nonce);
            sha.AppendData(body);
            sha.GetHashAndReset(inner);
        }
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA512, secret);
        AppendUtf8(hmac, uriPath);
        hmac.AppendData(inner);
        hmac.GetHashAndReset(destination);
    }

    private static void AppendUtf8(IncrementalHash hash, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            hash.AppendData(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
