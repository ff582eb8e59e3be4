using System.Text;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>Loads the WebSocket v2 example messages copied into <c>Data/Socket</c>.</summary>
internal static class SocketData
{
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Socket", name)).Trim();

    public static byte[] Bytes(string name) => Encoding.UTF8.GetBytes(Text(name));
}
