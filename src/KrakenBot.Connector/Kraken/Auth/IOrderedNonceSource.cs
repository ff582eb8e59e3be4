namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// A nonce source shared by several processes on one key that also orders their calls: a private call takes a turn,
/// is signed with the turn's nonce, sent, and ends the turn when its reply is in. No other call on the key, in any
/// process, draws a nonce meanwhile, so Kraken sees the values in the order they were drawn (it refuses a nonce lower
/// than one it has already seen, and two calls in flight at once can arrive in either order).
/// </summary>
internal interface IOrderedNonceSource : INonceSource
{
    /// <summary>Waits for the key's turn and draws its nonce; dispose the turn once the reply has arrived (or the send failed).</summary>
    ValueTask<INonceTurn> TakeTurnAsync(CancellationToken cancellationToken);
}

/// <summary>One private call's turn on a key: its nonce, and the right to send before anyone draws another.</summary>
internal interface INonceTurn : IAsyncDisposable
{
    /// <summary>The nonce to sign and send with.</summary>
    long Nonce { get; }
}
