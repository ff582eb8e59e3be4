using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.MarketMaking;

/// <summary>
/// Polls an HTTP endpoint for a price every interval on the injected clock (Hummingbot's <c>custom_api</c> source). The
/// answer may be a bare number (Hummingbot's format), or JSON: a number, or an object with a <c>price</c> field.
/// Ready after the first good answer; a failed poll keeps the last price and is logged.
/// </summary>
internal sealed class CustomApiPriceFeed : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _timer;
    private int _polling;
    private object? _price; // boxed decimal: read and written whole across threads
    private volatile bool _ready;

    /// <summary>Builds a feed; nothing is asked until <see cref="Start"/>.</summary>
    public CustomApiPriceFeed(HttpClient http, Uri endpoint, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _http = http;
        _endpoint = endpoint;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>True once a price was read.</summary>
    public bool IsReady => _ready;

    /// <summary>The last price read, or null before the first.</summary>
    public decimal? Price => Volatile.Read(ref _price) as decimal?;

    /// <summary>When the last good answer came.</summary>
    public DateTimeOffset? LastUpdate { get; private set; }

    /// <summary>Raised (on the poller's thread) after a new price was read.</summary>
    public event Action? Updated;

    /// <summary>Asks now, then every interval.</summary>
    public void Start() => _timer = _time.CreateTimer(static s => ((CustomApiPriceFeed)s!).OnTimer(), this, TimeSpan.Zero, _interval);

    /// <summary>Asks once and waits for the answer (tests, and a first price before quoting).</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.GetAsync(_endpoint, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {Truncate(body)}");
            }

            decimal price = ParsePrice(body);
            Volatile.Write(ref _price, price);
            _ready = true;
            LastUpdate = _time.GetUtcNow();
            Updated?.Invoke();
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Custom price API {Endpoint} gave no price: {Reason}; the last price stays in use.", _endpoint, e.Message);
        }
    }

    /// <summary>A price from an answer body: a number, or JSON with a <c>price</c> field.</summary>
    /// <exception cref="FormatException">The body holds no positive price.</exception>
    public static decimal ParsePrice(string body)
    {
        string text = body.Trim();
        if (decimal.TryParse(text.Trim('"'), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out decimal plain))
        {
            return Positive(plain, body);
        }

        using var json = JsonDocument.Parse(text);
        var price = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("price", out var field) ? field : json.RootElement;
        decimal value = price.ValueKind switch
        {
            JsonValueKind.Number => price.GetDecimal(),
            JsonValueKind.String when decimal.TryParse(price.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal s) => s,
            _ => throw new FormatException($"no price in the answer '{Truncate(body)}'"),
        };
        return Positive(value, body);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return; // the previous answer is still awaited
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await PollAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Volatile.Write(ref _polling, 0);
            }
        });
    }

    private static decimal Positive(decimal value, string body) =>
        value > 0 ? value : throw new FormatException($"the price {value} in '{Truncate(body)}' is not positive");

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
