using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>The test's own Kraken API-Sign, written from the spec (API.md §2), sharing no code with the sandbox.</summary>
internal static class TestSigner
{
    public static string Sign(string secretBase64, string uriPath, string nonce, string body)
    {
        var inner = SHA256.HashData(Encoding.UTF8.GetBytes(nonce + body));
        var message = Encoding.UTF8.GetBytes(uriPath).Concat(inner).ToArray();
        using var hmac = new HMACSHA512(Convert.FromBase64String(secretBase64));
        return Convert.ToBase64String(hmac.ComputeHash(message));
    }
}
