using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace UserStrategies;

/// <summary>Not a strategy: does not derive from Strategy.</summary>
public sealed class NotAStrategy
{
}

/// <summary>A strategy whose only constructor takes two values KrakenBot cannot supply.</summary>
public sealed class TwoArguments(string name, int size) : Strategy
{
    public override string Kind => name + size;

    public override TradingPair Pair => new("BTC", "USD");
}

/// <summary>Settings of <see cref="RefusesItsSettings"/>.</summary>
public sealed class AmountSettings
{
    public decimal Amount { get; init; }
}

/// <summary>A strategy whose constructor refuses its settings.</summary>
public sealed class RefusesItsSettings : Strategy
{
    public RefusesItsSettings(AmountSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Amount);
    }

    public override string Kind => "refuses_its_settings";

    public override TradingPair Pair => new("BTC", "USD");
}
