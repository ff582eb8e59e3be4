using System.Globalization;
using System.Net;

namespace KrakenBot.Dashboard.Hosting;

/// <summary>Where the dashboard listens: an IP address and a port (0: any free port).</summary>
/// <param name="Address">The address to bind.</param>
/// <param name="Port">The port; 0 lets the system pick one.</param>
public sealed record DashboardAddress(IPAddress Address, int Port)
{
    /// <summary>127.0.0.1 on a free port: the default.</summary>
    public static DashboardAddress Default { get; } = new(IPAddress.Loopback, 0);

    /// <summary>True when only this machine can reach it (127.0.0.0/8 or ::1); anything else requires a token.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>
    /// Parses <c>ADDRESS:PORT</c>, <c>[IPv6]:PORT</c>, a bare <c>PORT</c> (on 127.0.0.1) or a bare address (free port).
    /// <c>localhost</c> means 127.0.0.1.
    /// </summary>
    /// <exception cref="FormatException">The text is none of these; the message says what is expected.</exception>
    public static DashboardAddress Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int bare)) return new(IPAddress.Loopback, CheckPort(bare, text));

        string host = text;
        int port = 0;
        int colon = text.LastIndexOf(':');
        bool bracketed = text.StartsWith('[');
        if (bracketed ? text.Contains("]:", StringComparison.Ordinal) : colon > 0 && text.IndexOf(':') == colon)
        {
            host = text[..colon];
            string portText = text[(colon + 1)..];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
                throw Bad(text, $"'{portText}' is not a port number");
            CheckPort(port, text);
        }

        host = host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new(IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out var address)) throw Bad(text, $"'{host}' is not an IP address");
        return new(address, port);
    }

    /// <inheritdoc />
    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Address}]:{Port}"
        : $"{Address}:{Port}";

    private static int CheckPort(int port, string text) =>
        port is >= 0 and <= 65535 ? port : throw Bad(text, $"port {port} is out of range 0-65535");

    private static FormatException Bad(string text, string why) =>
        new($"The dashboard address '{text}' is not valid: {why}. Use ADDRESS:PORT (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::1]:0) or a bare port; 0 picks a free port.");
}
