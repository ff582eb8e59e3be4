namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>How a Kraken WebSocket connection is kept alive and re-established.</summary>
internal sealed class SocketTransportOptions
{
    /// <summary>Delay before the first reconnect attempt; doubles on each failed attempt. Default 1 s.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnect delay. Default 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fraction of each delay that is randomised (0 = none, 1 = anywhere between 0 and the delay), so that many
    /// clients dropped at once do not reconnect in lockstep. Default 0.5.
    /// </summary>
    public double ReconnectJitter { get; init; } = 0.5;

    /// <summary>A connection that stayed up this long resets the backoff. Default 60 s.</summary>
    public TimeSpan StableConnectionTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many connection attempts per <see cref="ConnectRateWindow"/> (Kraken/Cloudflare cap: 150 per 10 min per IP).</summary>
    public int MaxConnectsPerWindow { get; init; } = 150;

    /// <summary>Window of <see cref="MaxConnectsPerWindow"/>. Default 10 min.</summary>
    public TimeSpan ConnectRateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A connection attempt that takes longer fails. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After this long without receiving anything, an application <c>ping</c> is sent. Default 10 s.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without receiving anything (no data, heartbeat or pong) the connection is considered dead
    /// and is replaced. Must exceed <see cref="PingInterval"/>. Default 30 s.
    /// </summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a clean close waits for the server's close frame. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Initial size of the pooled receive buffer. Default 64 KiB.</summary>
    public int ReceiveBufferBytes { get; init; } = 64 * 1024;

    /// <summary>Largest message accepted (the instrument snapshot is the biggest Kraken sends). Default 32 MiB.</summary>
    public int MaxMessageBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }

        Check(ReconnectInitialDelay > TimeSpan.Zero, "ReconnectInitialDelay must be positive.");
        Check(ReconnectMaxDelay >= ReconnectInitialDelay, "ReconnectMaxDelay must be at least ReconnectInitialDelay.");
        Check(ReconnectJitter is >= 0 and <= 1, "ReconnectJitter must be between 0 and 1.");
        Check(MaxConnectsPerWindow > 0, "MaxConnectsPerWindow must be positive.");
        Check(ConnectRateWindow > TimeSpan.Zero, "ConnectRateWindow must be positive.");
        Check(ConnectTimeout > TimeSpan.Zero, "ConnectTimeout must be positive.");
        Check(PingInterval > TimeSpan.Zero, "PingInterval must be positive.");
        Check(InactivityTimeout > PingInterval, "InactivityTimeout must be longer than PingInterval, or every quiet connection would be dropped before a pong can arrive.");
        Check(ReceiveBufferBytes >= 256, "ReceiveBufferBytes must be at least 256.");
        Check(MaxMessageBytes >= ReceiveBufferBytes, "MaxMessageBytes must be at least ReceiveBufferBytes.");
    }
}
