using Xunit;
using System.Text;
using KrakenBot.Connector.Kraken.Rest.Internal;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>Runs a result parser over a whole Kraken envelope, as the client does.</summary>
internal static class KrakenPayloads
{
    public static T ParseFile<T>(string exampleFile, string endpoint, Func<KrakenJsonNode, T> parse)
        => Parse(RestTestData.Bytes("kraken-examples/" + exampleFile), endpoint, parse);

    public static T ParseText<T>(string json, string endpoint, Func<KrakenJsonNode, T> parse)
        => Parse(Encoding.UTF8.GetBytes(json), endpoint, parse);

    private static T Parse<T>(byte[] body, string endpoint, Func<KrakenJsonNode, T> parse)
    {
        using KrakenEnvelope envelope = KrakenEnvelope.Parse(body, endpoint);
        Assert.Empty(envelope.Errors);
        return parse(envelope.Result(endpoint));
    }

    /// <summary>The decimal's text including its scale, so "3539.90000" and "3539.9" are told apart.</summary>
    public static string Exact(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Exact(decimal? value) => value is { } v ? Exact(v) : "null";
}
