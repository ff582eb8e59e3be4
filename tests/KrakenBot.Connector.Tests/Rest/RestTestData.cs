using System.Text.Json;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>Reads files copied from <c>Data/</c> into the test output directory.</summary>
internal static class RestTestData
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Data", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonElement Json(string relative) => JsonDocument.Parse(Bytes(relative)).RootElement;
}
