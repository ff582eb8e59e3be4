using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Tests.Shared;

/// <summary>
/// Another program on the same Kraken key, as a trader runs one next to KrakenBot (a script, the website): its own
/// request signing written from Kraken's spec, sharing no code with KrakenBot, and a plain microsecond-clock nonce.
/// </summary>
/// <param name="nonceFloor">Optional: a nonce this client must exceed (a test inspecting an account whose other program
/// may have run ahead of the clock, e.g. after a crash left its reservation).</param>
internal sealed class RawKrakenClient(Uri restUri, string apiKey, string secret, Func<long>? nonceFloor = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = restUri };
    private readonly byte[] _secret = Convert.FromBase64String(secret);
    private long _lastNonce;

    public static long NowMicros() => (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>POSTs a private method with form fields; returns the whole reply (<c>error</c> and <c>result</c>).</summary>
    public async Task<JsonElement> PostAsync(string method, params (string Name, string Value)[] fields)
    {
        string path = "/0/private/" + method;
        long nonceValue = Math.Max(Math.Max(NowMicros(), Interlocked.Read(ref _lastNonce) + 1), (nonceFloor?.Invoke() ?? 0) + 1);
        Interlocked.Exchange(ref _lastNonce, nonceValue);
        string nonce = nonceValue.ToString(CultureInfo.InvariantCulture);
        string body = string.Join('&', new[] { ("nonce", nonce) }.Concat(fields)
            .Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2)));
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(nonce + body));
        byte[] message = [.. Encoding.UTF8.GetBytes(path), .. hash];
        string sign = Convert.ToBase64String(HMACSHA512.HashData(_secret, message));

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("API-Key", apiKey);
        request.Headers.Add("API-Sign", sign);
        using var response = await _http.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Kraken's errors of a reply joined, or empty when it succeeded.</summary>
    public static string Errors(JsonElement reply) => string.Join("; ", reply.GetProperty("error").EnumerateArray().Select(e => e.GetString()));

    public void Dispose() => _http.Dispose();
}
