using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>One request as the fake Kraken saw it.</summary>
internal sealed record RecordedRequest(
    string HttpMethod,
    string Endpoint,
    string Path,
    string ContentType,
    string Body,
    IReadOnlyDictionary<string, string> Fields,
    long? Nonce,
    bool SignatureValid,
    string? ApiKey,
    string? ApiSign);

/// <summary>A scripted reply. <see cref="Hang"/> never answers (until the client gives up).</summary>
internal sealed record Reply(int Status, string ContentType, string Body, bool Hang = false, bool BreakMidBody = false)
{
    /// <summary>Announces a longer body than it sends, then drops the connection.</summary>
    public static Reply Broken(string partialBody) => new(200, "application/json", partialBody, BreakMidBody: true);
    public static Reply Ok(string resultJson) => new(200, "application/json", $$"""{"error":[],"result":{{resultJson}}}""");
    public static Reply Error(string krakenError) => new(200, "application/json", $$"""{"error":["{{krakenError}}"]}""");
    public static Reply Raw(int status, string contentType, string body) => new(status, contentType, body);
    public static Reply Hung() => new(0, "", "", Hang: true);
}

/// <summary>
/// A Kraken-like HTTP server on 127.0.0.1 (Kestrel) for protocol tests. It checks, with its own HMAC code (not the
/// connector's signer), the <c>API-Sign</c> of every private call and that nonces strictly increase; a call that fails
/// either check gets Kraken's error and is recorded as such. Replies are scripted per endpoint.
/// </summary>
internal sealed class LoopbackKrakenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _secret;
    private readonly string _apiKey;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<RecordedRequest, Reply>>> _scripts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RecordedRequest>> _arrivals = new();
    private readonly object _nonceLock = new();
    private long _lastNonce;

    private LoopbackKrakenServer(WebApplication app, string apiKey, byte[] secret)
    {
        _app = app;
        _apiKey = apiKey;
        _secret = secret;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Nonce or signature problems seen; a correct client leaves this empty.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<LoopbackKrakenServer> StartAsync(string apiKey, string base64Secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackKrakenServer(app, apiKey, Convert.FromBase64String(base64Secret));
        app.Map("/0/{visibility}/{endpoint}", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>Queues replies for <paramref name="endpoint"/>, used one per request; the last one repeats.</summary>
    public void Script(string endpoint, params Reply[] replies)
        => ScriptDynamic(endpoint, [.. replies.Select(r => (Func<RecordedRequest, Reply>)(_ => r))]);

    public void ScriptDynamic(string endpoint, params Func<RecordedRequest, Reply>[] replies)
    {
        var queue = new ConcurrentQueue<Func<RecordedRequest, Reply>>(replies);
        _scripts[endpoint] = queue;
    }

    /// <summary>Completes when the next request for <paramref name="endpoint"/> has arrived.</summary>
    public Task<RecordedRequest> NextArrival(string endpoint)
        => _arrivals.GetOrAdd(endpoint, _ => new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public RecordedRequest[] RequestsTo(string endpoint) => [.. Requests.Where(r => r.Endpoint == endpoint)];

    private async Task HandleAsync(HttpContext context)
    {
        string endpoint = (string)context.Request.RouteValues["endpoint"]!;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        byte[] body = buffer.ToArray();

        RecordedRequest request;
        Reply? authFailure = null;
        if ((string)context.Request.RouteValues["visibility"]! == "private")
        {
            (request, authFailure) = CheckPrivate(context, endpoint, body);
        }
        else
        {
            var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value);
            request = new RecordedRequest(context.Request.Method, endpoint, context.Request.Path, "", "",
                query.ToDictionary(q => q.Key, q => q.Value.ToString()), null, false, null, null);
        }
        Requests.Enqueue(request);
        if (_arrivals.TryRemove(endpoint, out var arrival)) arrival.TrySetResult(request);

        Reply reply = authFailure ?? NextReply(endpoint, request);
        if (reply.Hang)
        {
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { }
            return;
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        if (reply.BreakMidBody)
        {
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(reply.Body) + 1000;
            await context.Response.WriteAsync(reply.Body);
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        await context.Response.WriteAsync(reply.Body);
    }

    private Reply NextReply(string endpoint, RecordedRequest request)
    {
        if (!_scripts.TryGetValue(endpoint, out var queue) || queue.IsEmpty)
            return Reply.Error("EGeneral:Unknown method");
        if (queue.Count > 1 && queue.TryDequeue(out var next)) return next(request);
        return queue.TryPeek(out var last) ? last(request) : Reply.Error("EGeneral:Unknown method");
    }

    private (RecordedRequest, Reply?) CheckPrivate(HttpContext context, string endpoint, byte[] body)
    {
        string bodyText = Encoding.UTF8.GetString(body);
        string contentType = context.Request.ContentType ?? "";
        Dictionary<string, string> fields;
        if (contentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            using var json = JsonDocument.Parse(body);
            fields = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        }
        else
        {
            fields = QueryHelpers.ParseQuery(bodyText).ToDictionary(q => q.Key, q => q.Value.ToString());
        }

        long? nonce = fields.TryGetValue("nonce", out var nonceText) && long.TryParse(nonceText, out long n) ? n : null;
        string? apiKey = context.Request.Headers["API-Key"];
        string? apiSign = context.Request.Headers["API-Sign"];
        string path = context.Request.Path.Value!;
        bool signatureValid = nonce is not null && apiSign is not null && apiSign == ExpectedSignature(path, nonceText!, body);

        var request = new RecordedRequest(context.Request.Method, endpoint, path, contentType, bodyText, fields, nonce, signatureValid, apiKey, apiSign);
        if (context.Request.Method != "POST")
        {
            Violations.Enqueue($"{endpoint}: private call sent with {context.Request.Method}");
            return (request, Reply.Error("EGeneral:Invalid arguments"));
        }
        if (apiKey != _apiKey)
        {
            Violations.Enqueue($"{endpoint}: wrong API-Key");
            return (request, Reply.Error("EAPI:Invalid key"));
        }
        if (!signatureValid)
        {
            Violations.Enqueue($"{endpoint}: invalid signature");
            return (request, Reply.Error("EAPI:Invalid signature"));
        }
        lock (_nonceLock)
        {
            if (nonce <= _lastNonce)
            {
                Violations.Enqueue($"{endpoint}: nonce {nonce} not above {_lastNonce}");
                return (request, Reply.Error("EAPI:Invalid nonce"));
            }
            _lastNonce = nonce!.Value;
        }
        return (request, null);
    }

    /// <summary>Kraken's algorithm written out independently: HMAC-SHA512(secret, path + SHA256(nonce + body)).</summary>
    private string ExpectedSignature(string path, string nonce, byte[] body)
    {
        using var sha256 = SHA256.Create();
        byte[] inner = sha256.ComputeHash([.. Encoding.ASCII.GetBytes(nonce), .. body]);
        using var hmac = new HMACSHA512(_secret);
        return Convert.ToBase64String(hmac.ComputeHash([.. Encoding.ASCII.GetBytes(path), .. inner]));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
