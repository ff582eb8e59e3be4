using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace KrakenBot.Sandbox.Accounts;

/// <summary>
/// Tokens from GetWebSocketsToken. A token must be used within 15 minutes; while a private
/// subscription keeps it in use (<see cref="Touch"/>) it does not expire, as on Kraken.
/// Tokens are unguessable (cryptographic random), unlike order ids which are seeded.
/// </summary>
internal sealed class WebSocketTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public WebSocketTokens(TimeProvider time) => _time = time;

    private sealed class Entry(Account account, DateTimeOffset lastUse)
    {
        public Account Account { get; } = account;
        public DateTimeOffset LastUse { get; set; } = lastUse;
    }

    public string Issue(Account account)
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        var token = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = new Entry(account, _time.GetUtcNow());
        return token;
    }

    /// <summary>The account of a token that is still valid; otherwise false (<c>EAPI:Invalid token</c>).</summary>
    public bool TryValidate(string? token, [NotNullWhen(true)] out Account? account)
    {
        account = null;
        if (token is null || !_tokens.TryGetValue(token, out var entry)) return false;
        if (_time.GetUtcNow() - entry.LastUse > Lifetime)
        {
            _tokens.TryRemove(token, out _);
            return false;
        }
        account = entry.Account;
        return true;
    }

    /// <summary>Marks a token in use (an open private subscription keeps it alive).</summary>
    public void Touch(string token)
    {
        if (_tokens.TryGetValue(token, out var entry)) entry.LastUse = _time.GetUtcNow();
    }
}
