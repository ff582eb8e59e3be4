using System.Net.Http.Headers;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Rest.Internal;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>
/// Typed client for Kraken's spot REST API (public market data, account, orders and trading).
/// </summary>
/// <remarks>
/// <para>Private calls are POSTed form-encoded and signed (<c>API-Key</c>/<c>API-Sign</c>). Each attempt takes a fresh
/// nonce and a fresh signature over the exact bytes it sends. Calls that use Kraken's per-key REST counter wait on the
/// <see cref="IRestCallBudget"/> first; order placement and cancellation do not (they use the trading-engine counter).
/// With an <see cref="IOrderedNonceSource"/> (a fleet on one key) a call keeps its nonce's turn until its reply is in.</para>
/// <para>Read-only calls are retried on transient failures. <c>EAPI:Invalid nonce</c> is retried once with a fresh nonce,
/// except for AddOrder/AddOrderBatch. A state-changing call whose reply is lost (timeout, dropped connection, 5xx or an
/// unreadable page) throws <see cref="OutcomeUnknownException"/>: look the order up before sending anything again.</para>
/// </remarks>
internal sealed partial class KrakenRestClient
{
    private const string UserAgent = "KrakenBot/1.0";

    private readonly HttpClient _http;
    private readonly KrakenOptions _options;
    private readonly KrakenCredentials? _credentials;
    private readonly INonceSource _nonces;
    private readonly IRestCallBudget _budget;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _baseUrl;
    // Private calls refused for their nonce since the last one Kraken accepted: two in a row point at another program.
    private int _nonceRefusalsInARow;
    // The highest nonce any private call of this client has sent: a refused nonce below it was overtaken by our own call.
    private long _highestNonceSent;

    // Sends again of a call whose nonce one of our own concurrent calls overtook (each with a fresh nonce).
    private const int MaxOvertakenResends = 3;

    /// <summary>Creates a client. <paramref name="options"/> are validated here.</summary>
    /// <param name="httpClient">The HTTP client to send with; its own timeout should be at least <see cref="KrakenOptions.RequestTimeout"/>.</param>
    /// <param name="nonceSource">Nonces for the API key (strictly increasing across threads and restarts).</param>
    /// <param name="restCallBudget">The per-key REST call counter to wait on before each private call.</param>
    /// <param name="credentials">API credentials; without them only public endpoints can be called.</param>
    public KrakenRestClient(
        HttpClient httpClient,
        KrakenOptions options,
        INonceSource nonceSource,
        IRestCallBudget restCallBudget,
        TimeProvider timeProvider,
        ILogger logger,
        KrakenCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nonceSource);
        ArgumentNullException.ThrowIfNull(restCallBudget);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();

        _http = httpClient;
        _options = options;
        _nonces = nonceSource;
        _budget = restCallBudget;
        _time = timeProvider;
        _logger = logger;
        _credentials = credentials;
        // A trailing slash keeps any base path (e.g. a sandbox mounted under /kraken) when endpoint paths are appended.
        _baseUrl = new Uri(options.RestBaseUrl.AbsoluteUri.TrimEnd('/') + "/");
    }

    /// <summary>True when credentials were given, so private endpoints can be called.</summary>
    public bool HasCredentials => _credentials is not null;

    /// <summary>Sends one call with the retry rules of its kind and parses its <c>result</c>.</summary>
    private async Task<T> CallAsync<T>(KrakenEndpoint endpoint, KrakenRequestContent content, Func<KrakenJsonNode, T> parse, CancellationToken cancellationToken)
    {
        KrakenCredentials? credentials = null;
        if (endpoint.IsPrivate)
        {
            credentials = _credentials ?? throw new ExchangeAuthenticationException(
                $"Kraken {endpoint.Name} is a private endpoint and this client has no API credentials: create it with KrakenCredentials.");
        }

        bool nonceRetried = false;
        int overtakenResends = 0;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                T result = await SendOnceAsync(endpoint, content, credentials, parse, cancellationToken).ConfigureAwait(false);
                if (endpoint.IsPrivate) Volatile.Write(ref _nonceRefusalsInARow, 0);
                return result;
            }
            catch (InvalidNonceException ex) when (ex.OvertakenByOwnCall && endpoint.Kind != KrakenCallKind.OrderPlacement
                                                   && overtakenResends++ < MaxOvertakenResends)
            {
                // Concurrent private calls on one key can reach Kraken out of nonce order (each on its own connection):
                // the refused request had no effect, and it is not evidence of another program. Send again.
                RestLog.RetryingInvalidNonce(_logger, endpoint.Name);
            }
            catch (InvalidNonceException ex) when (!ex.OvertakenByOwnCall && Interlocked.Increment(ref _nonceRefusalsInARow) >= 2)
            {
                throw new InvalidNonceException(
                    $"Kraken {endpoint.Name} failed with '{ex.ExchangeError}' twice in a row: Kraken has seen a higher nonce for this " +
                    "API key than the one we sent, which means another program is using this key (a script, another bot, KrakenBot " +
                    "with another data directory or on another machine). Fix: give each program its own API key, or raise the key's " +
                    "nonce window in Kraken's API key settings.", ex.ExchangeError);
            }
            catch (InvalidNonceException) when (endpoint.Kind != KrakenCallKind.OrderPlacement && !nonceRetried)
            {
                // The rejected request had no effect; one more try with a fresh nonce (API.md §2, SDK behaviour).
                nonceRetried = true;
                RestLog.RetryingInvalidNonce(_logger, endpoint.Name);
            }
            catch (ExchangeException ex) when (endpoint.Kind == KrakenCallKind.Read && attempt < _options.MaxReadAttempts && IsTransient(ex))
            {
                TimeSpan delay = RetryDelay(attempt, ex);
                RestLog.Retrying(_logger, endpoint.Name, attempt, ex.Category.ToString(), delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<T> SendOnceAsync<T>(KrakenEndpoint endpoint, KrakenRequestContent content, KrakenCredentials? credentials,
        Func<KrakenJsonNode, T> parse, CancellationToken cancellationToken)
    {
        await using INonceTurn? turn = credentials is null ? null : await TakeTurnAsync(endpoint, cancellationToken).ConfigureAwait(false);
        using HttpRequestMessage request = BuildRequest(endpoint, content, credentials, turn?.Nonce ?? 0);
        if (turn is not null) RaiseHighestNonceSent(turn.Nonce);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Our timeout (or HttpClient.Timeout) fired.
            throw NoReply(endpoint, $"no complete reply within {_options.RequestTimeout.TotalSeconds:0.###} s", ex);
        }
        catch (OperationCanceledException ex) when (endpoint.IsStateChanging)
        {
            // The caller gave up, but the request may already be at Kraken: the caller must know that.
            throw NoReply(endpoint, "the call was cancelled while the request was in flight", ex);
        }
        catch (HttpRequestException ex)
        {
            if (ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
            {
                throw new NetworkException(
                    $"Kraken {endpoint.Name}: could not connect to {_baseUrl.Authority} ({ex.HttpRequestError}); the request was not sent.", ex);
            }
            throw NoReply(endpoint, $"the connection failed before the whole reply arrived ({ex.HttpRequestError})", ex);
        }
        catch (IOException ex)
        {
            // The connection broke while the reply was being read (HttpIOException: response ended early).
            throw NoReply(endpoint, "the connection broke while the reply was being read", ex);
        }

        using (response)
        {
            try
            {
                return Interpret(endpoint, response, body, parse);
            }
            catch (InvalidNonceException ex) when (turn is not null && Volatile.Read(ref _highestNonceSent) > turn.Nonce)
            {
                throw new InvalidNonceException(ex.Message, ex.ExchangeError) { OvertakenByOwnCall = true };
            }
        }
    }

    private void RaiseHighestNonceSent(long nonce)
    {
        long seen = Volatile.Read(ref _highestNonceSent);
        while (nonce > seen)
        {
            long was = Interlocked.CompareExchange(ref _highestNonceSent, nonce, seen);
            if (was == seen) return;
            seen = was;
        }
    }

    /// <summary>Waits for room on the REST counter and draws the call's nonce.</summary>
    private async ValueTask<INonceTurn> TakeTurnAsync(KrakenEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (_nonces is not IOrderedNonceSource ordered)
        {
            if (endpoint.RestCost > 0)
                await _budget.WaitAsync(endpoint.RestCost, cancellationToken).ConfigureAwait(false);
            return new DrawnNonce(_nonces.Next());
        }

        // A fleet on the key: the call holds its nonce's turn until the reply is in, so nobody else's call can overtake
        // it on the way to Kraken. It books on the (shared) REST counter inside the turn, right before it is sent: a
        // call booked first and sent after a wait for the turn would reach Kraken later than the counter assumed, when
        // less of the earlier calls' cost is left to decay.
        INonceTurn turn = await ordered.TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (endpoint.RestCost == 0)
                return turn;
            await _budget.WaitAsync(endpoint.RestCost, cancellationToken).ConfigureAwait(false);
            return new ChargedTurn(turn, _budget);
        }
        catch
        {
            await turn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private HttpRequestMessage BuildRequest(KrakenEndpoint endpoint, KrakenRequestContent content, KrakenCredentials? credentials, long nonce)
    {
        HttpRequestMessage request;
        if (credentials is null)
        {
            string query = ((KrakenForm)content).ToQueryString();
            request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl, query.Length == 0 ? endpoint.Path : endpoint.Path + "?" + query));
        }
        else
        {
            // One nonce per attempt; the body is built once and these exact bytes are both signed and sent.
            byte[] body = content.BuildBody(nonce);
            var uri = new Uri(_baseUrl, endpoint.Path);
            string signature = KrakenSigner.Sign(credentials.Secret, uri.AbsolutePath, nonce, body);

            request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(content.MediaType);
            request.Headers.TryAddWithoutValidation("API-Key", credentials.ApiKey);
            request.Headers.TryAddWithoutValidation("API-Sign", signature);
        }
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return request;
    }

    private T Interpret<T>(KrakenEndpoint endpoint, HttpResponseMessage response, byte[] body, Func<KrakenJsonNode, T> parse)
    {
        int status = (int)response.StatusCode;
        if (!KrakenEnvelope.LooksLikeJsonObject(body))
        {
            throw Unusable(endpoint, new ServiceUnavailableException(
                $"Kraken {endpoint.Name}: HTTP {status} {response.ReasonPhrase} with a body that is not Kraken JSON " +
                $"({KrakenReplySummary.Describe(response.Content.Headers.ContentType?.MediaType, body)}). Kraken or its gateway is " +
                "unavailable or blocking the request; try again later."));
        }

        KrakenEnvelope envelope;
        try
        {
            envelope = KrakenEnvelope.Parse(body, endpoint.Name);
        }
        catch (UnexpectedResponseException ex)
        {
            throw Unusable(endpoint, ex);
        }

        using (envelope)
        {
            foreach (string warning in envelope.Warnings)
                RestLog.KrakenWarning(_logger, endpoint.Name, warning);

            if (envelope.Errors.Count > 0)
                throw FromKrakenError(endpoint, envelope.Errors[0]);

            if (status is < 200 or > 299)
            {
                throw Unusable(endpoint, new ServiceUnavailableException(
                    $"Kraken {endpoint.Name}: HTTP {status} {response.ReasonPhrase} without a Kraken error; Kraken is having trouble, try again later."));
            }

            try
            {
                return parse(envelope.Result(endpoint.Name));
            }
            catch (UnexpectedResponseException ex)
            {
                throw Unusable(endpoint, ex);
            }
            catch (Exception ex) when (ex is ArgumentException or OverflowException or FormatException or InvalidOperationException)
            {
                // A value that passed the type checks but cannot be represented (e.g. an absurd duration).
                throw Unusable(endpoint, new UnexpectedResponseException(
                    $"Kraken {endpoint.Name} returned an unexpected reply: a value cannot be used ({ex.GetType().Name}).", ex));
            }
        }
    }

    /// <summary>Maps Kraken's first error string; Kraken sends the deciding error first.</summary>
    private ExchangeException FromKrakenError(KrakenEndpoint endpoint, string error)
    {
        ExchangeException exception = KrakenErrorMapper.Map(error, endpoint.Name, endpoint.RefersToExistingOrder);
        if (exception is RateLimitException)
        {
            RestLog.RateLimited(_logger, endpoint.Name, error);
            if (endpoint.IsPrivate && error.StartsWith("EAPI:Rate limit", StringComparison.OrdinalIgnoreCase))
                _budget.OnRateLimitExceeded();
            if (exception is RateLimitException { RetryAfter: { } throttledUntil })
                _budget.OnThrottled(throttledUntil);
        }
        // "Internal error" on a state-changing call does not say whether the change happened.
        if (endpoint.IsStateChanging && exception.Category == ExchangeErrorCategory.ServiceUnavailable && !exception.IsRetrySafe)
            return OutcomeUnknown(endpoint, exception.Message, exception);
        return exception;
    }

    /// <summary>A reply that cannot be used: for a state-changing call, whether it took effect is unknown.</summary>
    private ExchangeException Unusable(KrakenEndpoint endpoint, ExchangeException problem)
        => endpoint.IsStateChanging ? OutcomeUnknown(endpoint, problem.Message, problem) : problem;

    private ExchangeException NoReply(KrakenEndpoint endpoint, string reason, Exception inner)
        => endpoint.IsStateChanging
            ? OutcomeUnknown(endpoint, $"Kraken {endpoint.Name}: {reason}.", inner)
            : new NetworkException($"Kraken {endpoint.Name}: {reason}.", inner);

    private OutcomeUnknownException OutcomeUnknown(KrakenEndpoint endpoint, string what, Exception inner)
    {
        RestLog.OutcomeUnknown(_logger, endpoint.Name, inner.GetType().Name);
        return new OutcomeUnknownException(
            what + " The request was sent and may have taken effect: look the order up (by client order id or txid) before sending it again.",
            inner);
    }

    /// <summary>Failures worth another try of a read (a read has no effect, so even "internal error" may be retried).</summary>
    private static bool IsTransient(ExchangeException exception)
        => exception.Category is ExchangeErrorCategory.Network or ExchangeErrorCategory.ServiceUnavailable or ExchangeErrorCategory.RateLimit;

    private TimeSpan RetryDelay(int attempt, ExchangeException exception)
    {
        TimeSpan delay = _options.RetryBackoff * Math.Pow(2, attempt - 1);
        if (exception is RateLimitException { RetryAfter: { } retryAfter })
        {
            TimeSpan untilAllowed = retryAfter - _time.GetUtcNow();
            if (untilAllowed > delay) delay = untilAllowed < TimeSpan.FromMinutes(1) ? untilAllowed : TimeSpan.FromMinutes(1);
        }
        return delay;
    }

    /// <summary>A turn whose call was charged on the REST counter: at its end the counter learns the reply is in.</summary>
    private sealed class ChargedTurn(INonceTurn turn, IRestCallBudget budget) : INonceTurn
    {
        public long Nonce => turn.Nonce;

        public async ValueTask DisposeAsync()
        {
            try
            {
                budget.OnReplied();
            }
            catch (Storage.JournalException)
            {
                // The shared journal went away: the counter stays as booked; the call's own outcome must not be lost to this.
            }
            finally
            {
                await turn.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A nonce from a source that does not order calls: nothing to end.</summary>
    private sealed class DrawnNonce(long nonce) : INonceTurn
    {
        public long Nonce { get; } = nonce;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
