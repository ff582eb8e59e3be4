using Xunit;
using KrakenBot.Connector.Tests.Rest;
using System.Text;
using KrakenBot.Connector.Kraken.Auth;

namespace KrakenBot.Connector.Tests.Auth;

public class KrakenSignerTests
{
    [Fact]
    public void Official_vector_from_Kraken_docs_is_reproduced()
    {
        var vector = RestTestData.Json("kraken-vectors.json").GetProperty("spot_rest_signature");
        var credentials = new KrakenCredentials("key", vector.GetProperty("api_secret").GetString()!);
        long nonce = long.Parse(vector.GetProperty("nonce").GetString()!);
        byte[] body = Encoding.UTF8.GetBytes(vector.GetProperty("post_body").GetString()!);

        string signature = KrakenSigner.Sign(credentials.Secret, vector.GetProperty("uri_path").GetString()!, nonce, body);

        Assert.Equal(vector.GetProperty("expected_api_sign").GetString(), signature);
    }

    [Fact]
    public void Signature_depends_on_every_input()
    {
        var vector = RestTestData.Json("kraken-vectors.json").GetProperty("spot_rest_signature");
        var credentials = new KrakenCredentials("key", vector.GetProperty("api_secret").GetString()!);
        byte[] body = Encoding.UTF8.GetBytes(vector.GetProperty("post_body").GetString()!);
        string expected = vector.GetProperty("expected_api_sign").GetString()!;

        Assert.NotEqual(expected, KrakenSigner.Sign(credentials.Secret, "/0/private/AddOrder", 1616492376595, body));
        Assert.NotEqual(expected, KrakenSigner.Sign(credentials.Secret, "/0/private/CancelOrder", 1616492376594, body));
        body[^1] = (byte)'6';
        Assert.NotEqual(expected, KrakenSigner.Sign(credentials.Secret, "/0/private/AddOrder", 1616492376594, body));
    }

    [Fact]
    public void Large_bodies_beyond_the_stack_buffer_sign_like_small_ones()
    {
        // The same algorithm written plainly (allocating), to check the pooled-buffer path of the signer.
        var credentials = new KrakenCredentials("key", Convert.ToBase64String(Encoding.UTF8.GetBytes("a-64-byte-secret-for-testing-only-0123456789-abcdefghijklmnopqrs")));
        byte[] body = Encoding.UTF8.GetBytes("nonce=42&txid=" + new string('A', 5000));
        byte[] inner = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("42").Concat(body).ToArray());
        byte[] message = Encoding.UTF8.GetBytes("/0/private/QueryOrders").Concat(inner).ToArray();
        string expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA512.HashData(
            Encoding.UTF8.GetBytes("a-64-byte-secret-for-testing-only-0123456789-abcdefghijklmnopqrs"), message));

        Assert.Equal(expected, KrakenSigner.Sign(credentials.Secret, "/0/private/QueryOrders", 42, body));
    }
}
