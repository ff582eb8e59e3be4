using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Dashboard.Security;

/// <summary>
/// The access token of a dashboard bound beyond loopback: 256 random bits, URL-safe, generated at start and printed
/// once to the terminal (never to a log or the page). Checked in constant time.
/// </summary>
public sealed class DashboardToken
{
    private readonly byte[] _hash;

    private DashboardToken(string value)
    {
        Value = value;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The token's text (for the URL printed at start).</summary>
    public string Value { get; }

    /// <summary>A fresh random token.</summary>
    public static DashboardToken Generate() =>
        new(Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A given token (e.g. from an environment variable); at least 16 characters.</summary>
    /// <exception cref="ArgumentException">Shorter than 16 characters.</exception>
    public static DashboardToken From(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < 16) throw new ArgumentException("A dashboard token has at least 16 characters.", nameof(value));
        return new DashboardToken(value);
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is the token. Both sides are hashed first, so the comparison takes the same
    /// time whatever the candidate's length or content (<see cref="CryptographicOperations.FixedTimeEquals"/>).
    /// </summary>
    public bool Matches(string? candidate)
    {
        if (candidate is null) return false;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    /// <summary>Never the token itself.</summary>
    public override string ToString() => "DashboardToken(***)";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
