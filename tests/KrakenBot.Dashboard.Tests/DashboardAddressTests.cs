using System.Net;
using KrakenBot.Dashboard.Hosting;
using KrakenBot.Dashboard.Security;

namespace KrakenBot.Dashboard.Tests;

public sealed class DashboardAddressTests
{
    [Theory]
    [InlineData(null, "127.0.0.1", 0, true)]
    [InlineData("", "127.0.0.1", 0, true)]
    [InlineData("8080", "127.0.0.1", 8080, true)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0, true)]
    [InlineData("localhost:9000", "127.0.0.1", 9000, true)]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080, false)]
    [InlineData("192.168.1.5", "192.168.1.5", 0, false)]
    [InlineData("[::1]:7000", "::1", 7000, true)]
    [InlineData("[::]:7000", "::", 7000, false)]
    [InlineData("::1", "::1", 0, true)]
    public void Parses_address_and_port_and_knows_loopback(string? text, string address, int port, bool loopback)
    {
        var parsed = DashboardAddress.Parse(text);
        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(loopback, parsed.IsLoopback);
    }

    [Theory]
    [InlineData("127.0.0.1:99999", "out of range")]
    [InlineData("127.0.0.1:http", "not a port number")]
    [InlineData("example.com:80", "not an IP address")]
    public void A_bad_address_names_the_problem_and_the_form_expected(string text, string why)
    {
        var e = Assert.Throws<FormatException>(() => DashboardAddress.Parse(text));
        Assert.Contains(why, e.Message);
        Assert.Contains("ADDRESS:PORT", e.Message);
    }

    [Fact]
    public void A_token_matches_only_itself_and_never_shows_in_text()
    {
        var token = DashboardToken.Generate();
        Assert.Equal(43, token.Value.Length);
        Assert.True(token.Matches(token.Value));
        Assert.False(token.Matches(null));
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(token.Value[..^1]));
        Assert.False(token.Matches(token.Value + "x"));
        Assert.False(token.Matches(DashboardToken.Generate().Value));
        Assert.DoesNotContain(token.Value, token.ToString());
        Assert.NotEqual(token.Value, DashboardToken.Generate().Value);
    }
}
