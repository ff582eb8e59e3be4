using Xunit;
using KrakenBot.Connector.Kraken;

namespace KrakenBot.Connector.Tests.Rest;

public class KrakenOptionsTests
{
    [Fact]
    public void Defaults_point_at_Kraken_and_are_valid()
    {
        var options = new KrakenOptions();

        options.Validate();

        Assert.Equal(new Uri("https://api.kraken.com"), options.RestBaseUrl);
        Assert.Equal(new Uri("wss://ws.kraken.com/v2"), options.WebSocketPublicUrl);
        Assert.Equal(new Uri("wss://ws-auth.kraken.com/v2"), options.WebSocketAuthUrl);
        Assert.Equal(KrakenTier.Starter, options.Tier);
    }

    [Fact]
    public void Plain_http_and_ws_are_allowed_for_a_loopback_sandbox()
    {
        var options = new KrakenOptions
        {
            RestBaseUrl = new Uri("http://127.0.0.1:5080"),
            WebSocketPublicUrl = new Uri("ws://localhost:5080/v2"),
            WebSocketAuthUrl = new Uri("ws://[::1]:5080/v2"),
        };

        options.Validate();
    }

    [Fact]
    public void Plain_http_to_a_remote_host_is_refused_with_the_reason()
    {
        var options = new KrakenOptions { RestBaseUrl = new Uri("http://api.kraken.com") };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("RestBaseUrl", error.Message);
        Assert.Contains("unencrypted", error.Message);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var options = new KrakenOptions
        {
            RestBaseUrl = new Uri("/relative", UriKind.Relative),
            WebSocketPublicUrl = new Uri("https://ws.kraken.com/v2"),
            WebSocketAuthUrl = new Uri("ws://ws-auth.kraken.com/v2"),
            Tier = (KrakenTier)42,
            RequestTimeout = TimeSpan.Zero,
        };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("RestBaseUrl '/relative' is not an absolute URL", error.Message);
        Assert.Contains("WebSocketPublicUrl", error.Message);
        Assert.Contains("WebSocketAuthUrl", error.Message);
        Assert.Contains("Tier", error.Message);
        Assert.Contains("RequestTimeout", error.Message);
    }

    [Fact]
    public void Base_url_with_a_query_is_refused()
    {
        var options = new KrakenOptions { RestBaseUrl = new Uri("https://api.kraken.com/?x=1") };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("query or fragment", error.Message);
    }
}
