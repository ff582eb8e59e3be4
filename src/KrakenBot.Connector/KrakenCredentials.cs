using System.Diagnostics;

namespace KrakenBot.Connector;

/// <summary>
/// A Kraken spot API key and its private key. The private key is decoded from base64 once, kept only as bytes
/// inside this object, and never shown: <see cref="ToString"/> and the debugger display are redacted.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class KrakenCredentials
{
    private readonly byte[] _secret;

    /// <summary>Creates credentials from the API key and the base64 private key exactly as Kraken shows them.</summary>
    /// <param name="apiKey">The public API key (sent in the <c>API-Key</c> header).</param>
    /// <param name="base64Secret">The private key, base64 as shown by Kraken when the key was created.</param>
    /// <exception cref="ArgumentException">The key is empty, or the private key is empty or not base64.</exception>
    public KrakenCredentials(string apiKey, string base64Secret)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
            throw new ArgumentException("The Kraken API key is empty: pass the public API key shown on Kraken's API settings page.", nameof(apiKey));
        if (string.IsNullOrWhiteSpace(base64Secret))
            throw new ArgumentException("The Kraken private key is empty: pass the private key shown when the API key was created.", nameof(base64Secret));

        _secret = DecodeSecret(base64Secret.Trim());
        ApiKey = apiKey.Trim();
    }

    /// <summary>The public API key, as sent in the <c>API-Key</c> header.</summary>
    public string ApiKey { get; }

    /// <summary>The decoded private key. Internal: only the signer reads it.</summary>
    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>Shows only the first characters of the API key and never the private key.</summary>
    public override string ToString() => $"KrakenCredentials(ApiKey={RedactKey(ApiKey)}, Secret=***)";

    private static string RedactKey(string key) => key.Length <= 4 ? "***" : string.Concat(key.AsSpan(0, 4), "***");

    private static byte[] DecodeSecret(string base64)
    {
        var buffer = new byte[base64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out int written) || written == 0)
        {
            // Never echo the value or wrap the FormatException: the message must not carry any part of the secret.
            throw new ArgumentException(
                "The Kraken private key is not valid base64 (the value is not shown). Copy the private key exactly as " +
                "Kraken displayed it, without quotes, spaces or line breaks; it usually ends with '=='.",
                "base64Secret");
        }

        var secret = buffer.AsSpan(0, written).ToArray();
        Array.Clear(buffer);
        return secret;
    }
}
