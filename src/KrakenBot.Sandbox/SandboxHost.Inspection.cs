namespace KrakenBot.Sandbox;

// Read-only views of account state that Kraken keeps but never shows, for tests and tools that must know it.
public sealed partial class SandboxHost
{
    /// <summary>
    /// When the dead man's switch (<c>CancelAllOrdersAfter</c>) of the account with <paramref name="apiKey"/> fires, on
    /// the sandbox's clock; null when it is not armed (never armed, disarmed with 0, or already fired).
    /// </summary>
    /// <exception cref="ArgumentException">No account has this API key.</exception>
    public DateTimeOffset? DeadManSwitchTrigger(string apiKey)
    {
        if (!_context.Exchange.Accounts.TryGetByKey(apiKey, out var account))
            throw new ArgumentException($"The sandbox has no account with API key '{apiKey}'.", nameof(apiKey));
        lock (account.Gate) return account.CancelAfterTrigger;
    }

    /// <summary>
    /// The highest nonce the sandbox accepted from the account with <paramref name="apiKey"/> (0 before any); the next
    /// signed request of that key must carry a larger one.
    /// </summary>
    /// <exception cref="ArgumentException">No account has this API key.</exception>
    public ulong LastNonce(string apiKey)
    {
        if (!_context.Exchange.Accounts.TryGetByKey(apiKey, out var account))
            throw new ArgumentException($"The sandbox has no account with API key '{apiKey}'.", nameof(apiKey));
        return account.NonceHighWater;
    }

    /// <summary>
    /// How many times the account with <paramref name="apiKey"/> was refused with <paramref name="error"/> by a limit
    /// the sandbox enforces itself: <c>EAPI:Invalid nonce</c>, <c>EAPI:Rate limit exceeded</c> (REST counter),
    /// <c>EOrder:Rate limit exceeded</c> (trading counter). Refusals forced by fault injection are not counted.
    /// </summary>
    /// <exception cref="ArgumentException">No account has this API key.</exception>
    public int Refusals(string apiKey, string error)
    {
        if (!_context.Exchange.Accounts.TryGetByKey(apiKey, out var account))
            throw new ArgumentException($"The sandbox has no account with API key '{apiKey}'.", nameof(apiKey));
        return account.Refusals(error);
    }

    /// <summary>WebSocket connections open right now, public and private (a client that let go of its sockets has none).</summary>
    public int OpenWebSockets => _context.Sockets?.ConnectionCount ?? 0;
}
