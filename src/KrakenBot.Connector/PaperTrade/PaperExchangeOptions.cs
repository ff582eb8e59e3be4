using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>How a paper account starts and how the simulated exchange behaves.</summary>
public sealed class PaperExchangeOptions
{
    /// <summary>The connector name users select: <c>kraken_paper_trade</c>.</summary>
    public const string ConnectorName = "kraken_paper_trade";

    /// <summary>Prefix of every paper trade id and exchange order id, so a paper fill is never mistaken for a real one.</summary>
    public const string IdPrefix = "PAPER-";

    /// <summary>Total per asset for a new (or reset) account, e.g. <c>{ ["USD"] = 10000, ["BTC"] = 0.5 }</c>.</summary>
    public IReadOnlyDictionary<string, decimal> StartingBalances { get; init; } = new Dictionary<string, decimal>();

    /// <summary>
    /// Time from a request (place, cancel, amend) until the simulated exchange acts on it, measured on the injected
    /// clock. Zero acts at once (still asynchronously, after the call returns).
    /// </summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The 30-day volume (in USD) whose fee tier applies; 0 is Kraken's entry tier.</summary>
    public decimal ThirtyDayVolume { get; init; }

    /// <summary>
    /// The account tier whose trading rate counter paper trading models (60 / 125 / 180 points per pair for Starter /
    /// Intermediate / Pro). Every simulated add, amend and cancel is charged as on Kraken and read through
    /// <see cref="Trading.ITradingRateCounter"/>; paper trading never refuses or delays a request for it, so a strategy
    /// that reads a level above the maximum would have been refused live. Default Starter, the strictest.
    /// </summary>
    public Kraken.KrakenTier Tier { get; init; } = Kraken.KrakenTier.Starter;

    /// <summary>Book depth to watch per pair (queue estimates and market orders see this many levels per side).</summary>
    public int BookDepth { get; init; } = 100;

    /// <summary>
    /// How many events one reader of <see cref="PaperExchange.Events"/> (and the <c>EventRaised</c> handlers, together)
    /// may fall behind before it misses some and gets <see cref="Trading.Events.EventsOverflowed"/> instead. Default 10,000.
    /// </summary>
    public int EventCapacityPerReader { get; init; } = DefaultEventCapacityPerReader;

    /// <summary>The default of <see cref="EventCapacityPerReader"/>.</summary>
    public const int DefaultEventCapacityPerReader = Streams.ExchangeEventHub.DefaultCapacityPerReader;

    /// <summary>Checks the values; throws naming the first bad one.</summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: A value is out of range.</exception>
    public void Validate()
    {
        foreach (var (asset, total) in StartingBalances)
        {
            if (string.IsNullOrWhiteSpace(asset))
            {
                throw new ExchangeValidationException("A starting balance has no asset name: give e.g. USD or BTC.");
            }

            if (total < 0)
            {
                throw new ExchangeValidationException($"The starting balance of {asset} is {total}: it cannot be negative.");
            }
        }

        if (Latency < TimeSpan.Zero)
        {
            throw new ExchangeValidationException($"Paper latency is {Latency}: it cannot be negative (use zero for none).");
        }

        if (ThirtyDayVolume < 0)
        {
            throw new ExchangeValidationException($"The 30-day volume is {ThirtyDayVolume}: it cannot be negative.");
        }

        if (!Enum.IsDefined(Tier))
        {
            throw new ExchangeValidationException($"Paper tier {(int)Tier} is not a Kraken tier: use Starter, Intermediate or Pro.");
        }

        if (EventCapacityPerReader < 1)
        {
            throw new ExchangeValidationException($"The event capacity per reader is {EventCapacityPerReader}: a reader needs room for at least 1 event.");
        }

        if (BookDepth is < 1 or > 1000)
        {
            throw new ExchangeValidationException($"Paper book depth is {BookDepth}: use 1 to 1000 levels (Kraken serves up to 1000).");
        }
    }
}
