using Xunit;

namespace KrakenBot.Connector.Tests.Auth;

public class KrakenCredentialsTests
{
    private const string Secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    [Fact]
    public void Secret_is_decoded_once_from_base64()
    {
        var credentials = new KrakenCredentials("MyPublicKey123", Secret);

        Assert.Equal(Convert.FromBase64String(Secret), credentials.Secret.ToArray());
        Assert.Equal("MyPublicKey123", credentials.ApiKey);
    }

    [Fact]
    public void ToString_shows_neither_the_secret_nor_the_full_key()
    {
        var credentials = new KrakenCredentials("MyPublicKey123", Secret);

        string text = credentials.ToString();

        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(Secret[..12], text);
        Assert.DoesNotContain("MyPublicKey123", text);
        Assert.Contains("***", text);
    }

    [Theory]
    [InlineData("this is not base64!!")]
    [InlineData("kQH5HW/8p1uGOVjbgWA7Fun$mGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5")]
    [InlineData("abc")]
    public void Secret_that_is_not_base64_gets_a_clear_error_without_the_secret(string badSecret)
    {
        var error = Assert.Throws<ArgumentException>(() => new KrakenCredentials("key", badSecret));

        Assert.Contains("not valid base64", error.Message);
        Assert.DoesNotContain(badSecret, error.Message);
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData("", Secret)]
    [InlineData("key", "")]
    [InlineData("key", "   ")]
    public void Empty_key_or_secret_is_refused(string key, string secret)
    {
        var error = Assert.Throws<ArgumentException>(() => new KrakenCredentials(key, secret));
        Assert.Contains("empty", error.Message);
    }
}
