using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market;

/// <summary>A spot pair with every name Kraken uses for it and its trading rules.</summary>
internal sealed class PairInfo
{
    public required int Index { get; init; }
    /// <summary>REST pair id (result key), e.g. <c>XXBTZUSD</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Altname, e.g. <c>XBTUSD</c> (used in order <c>descr.pair</c>).</summary>
    public required string AltName { get; init; }
    /// <summary>WS v1 name, e.g. <c>XBT/USD</c>.</summary>
    public required string WsName { get; init; }
    /// <summary>WS v2 symbol, e.g. <c>BTC/USD</c>.</summary>
    public required string Symbol { get; init; }
    public required AssetInfo Base { get; init; }
    public required AssetInfo Quote { get; init; }
    public required int PairDecimals { get; init; }
    public required int LotDecimals { get; init; }
    public required int CostDecimals { get; init; }
    public required decimal TickSize
    {
        get => _tickSize;
        init
        {
            _tickSize = value;
            TickIsDecimalStep = value == Money.Step(Money.DecimalsOf(value));
        }
    }

    private readonly decimal _tickSize;

    /// <summary>True when the tick is 10^-n: the tick check is then a cheap decimals check.</summary>
    public bool TickIsDecimalStep { get; private init; }
    public required decimal OrderMin { get; init; }
    public required decimal CostMin { get; init; }
    public required FeeSchedule TakerFees { get; init; }
    public required FeeSchedule MakerFees { get; init; }
    public string FeeVolumeCurrency { get; init; } = "ZUSD";

    /// <summary>True when fills of this pair count towards the 30-day fee volume (quote is the fee-volume currency).</summary>
    public bool QuoteCountsAsFeeVolume => Quote.Id == FeeVolumeCurrency;
    public int[] LeverageBuy { get; init; } = [];
    public int[] LeverageSell { get; init; } = [];
    public int MarginCall { get; init; } = 80;
    public int MarginStop { get; init; } = 40;
    /// <summary>Reference price the synthetic market starts its random walk from.</summary>
    public required decimal ReferencePrice { get; init; }

    /// <summary>Per-pair status; writes are rare (admin), reads are on every order.</summary>
    public TradingStatus Status { get; set; } = TradingStatus.Online;

    /// <summary>Fault: how many new orders on this pair are still to be refused (<see cref="Faults.SandboxFaults.RefuseOrders"/>).</summary>
    public int RefusedOrders;

    /// <summary>Fault: the only account (by API key) whose orders <see cref="RefusedOrders"/> refuses; null: any account.</summary>
    public string? RefusedOrdersKey;

    /// <summary>
    /// Decimals that costs and quote fees are rounded to: the quote asset's, but never more than the
    /// pair's <c>cost_decimals</c>, so the numbers the API prints are exactly the amounts moved.
    /// </summary>
    public int QuoteAmountDecimals => Math.Min(Quote.Decimals, CostDecimals);

    /// <summary>Decimals that fees in base (<c>fcib</c>) are rounded to: the base asset's, capped at <c>lot_decimals</c>.</summary>
    public int BaseAmountDecimals => Math.Min(Base.Decimals, LotDecimals);

    /// <summary>Smallest volume step: 10^-lot_decimals.</summary>
    public decimal LotStep => Money.Step(LotDecimals);

    /// <summary>True when <paramref name="price"/> is a whole number of ticks.</summary>
    public bool IsOnTick(decimal price) => TickIsDecimalStep ? Money.FitsDecimals(price, Money.DecimalsOf(TickSize)) : Money.IsMultipleOf(price, TickSize);

    public override string ToString() => Id;
}
