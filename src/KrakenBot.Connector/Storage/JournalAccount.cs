using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// Which account a journal row belongs to: one journal file may hold several (live keys, paper accounts). Shown as
/// a scope such as <c>kraken:3f2a9c0d1e4b5a67</c> or <c>paper:default</c>. A Kraken account is named by a fingerprint
/// of its public API key, never by the key itself, and never by anything derived from the secret.
/// </summary>
internal sealed record JournalAccount
{
    private const int FingerprintBytes = 8;

    private JournalAccount(string venue, string name)
    {
        Venue = venue;
        Name = name;
    }

    /// <summary>The connector family: <c>kraken</c> or <c>paper</c>.</summary>
    public string Venue { get; }

    /// <summary>The account's name inside the venue (a key fingerprint for Kraken).</summary>
    public string Name { get; }

    /// <summary>The stored scope, <c>venue:name</c>.</summary>
    public string Scope => $"{Venue}:{Name}";

    /// <summary>A live (or sandbox) Kraken account, named by the first 8 bytes of SHA-256 of its public API key, in hex.</summary>
    public static JournalAccount Kraken(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), hash);
        return new JournalAccount("kraken", Convert.ToHexStringLower(hash[..FingerprintBytes]));
    }

    /// <summary>A paper-trading account, by the name the user gave it (e.g. <c>default</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 characters, or holds whitespace or ':'.</exception>
    public static JournalAccount Paper(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 64 || name.Any(c => char.IsWhiteSpace(c) || c == ':'))
        {
            throw new ArgumentException(
                $"The paper account name '{name}' is not valid: use 1 to 64 characters without spaces or ':', e.g. 'default'.",
                nameof(name));
        }

        return new JournalAccount("paper", name);
    }

    /// <summary>The scope, e.g. <c>paper:default</c>.</summary>
    public override string ToString() => Scope;
}
