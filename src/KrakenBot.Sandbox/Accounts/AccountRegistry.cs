using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace KrakenBot.Sandbox.Accounts;

/// <summary>All accounts, by id and by API key.</summary>
internal sealed class AccountRegistry
{
    private readonly ConcurrentDictionary<string, Account> _byKey = new(StringComparer.Ordinal);
    private readonly List<Account> _all = [];
    private readonly Lock _gate = new();
    private readonly int _assetCount;

    public AccountRegistry(int assetCount) => _assetCount = assetCount;

    public IReadOnlyList<Account> All
    {
        get { lock (_gate) return [.. _all]; }
    }

    public Account Create(string name, string? apiKey, byte[]? secret, ApiPermissions permissions, AccountTier tier, bool synthetic = false)
    {
        lock (_gate)
        {
            if (apiKey is not null && _byKey.ContainsKey(apiKey))
                throw new ArgumentException($"An account with API key '{apiKey}' already exists; every account needs its own key.", nameof(apiKey));
            var account = new Account(_all.Count + 1, name, apiKey, secret, permissions, tier, _assetCount) { IsSynthetic = synthetic };
            _all.Add(account);
            if (apiKey is not null) _byKey[apiKey] = account;
            return account;
        }
    }

    public bool TryGetByKey(string? apiKey, [NotNullWhen(true)] out Account? account)
    {
        account = null;
        return apiKey is not null && _byKey.TryGetValue(apiKey, out account);
    }
}
