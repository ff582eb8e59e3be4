using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>What the order-flow model did.</summary>
internal enum FlowActionKind
{
    /// <summary>A maker quote placed (price, size).</summary>
    Place,
    /// <summary>A maker quote withdrawn (price, size left).</summary>
    Cancel,
    /// <summary>A market order (size).</summary>
    Take,
    /// <summary>A sweep: a market order for everything up to a price (that price, size).</summary>
    Sweep,
    /// <summary>The market changed regime (<see cref="FlowAction.Regime"/>).</summary>
    Regime,
    /// <summary>A trade of the past written into the tape (price, size).</summary>
    History,
}

/// <summary>One action of the order-flow model, as its observer sees it: the same seed, preset and clock give the same sequence.</summary>
internal readonly record struct FlowAction(DateTimeOffset Time, int PairIndex, FlowActionKind Kind, Side Side, decimal Price, decimal Quantity)
{
    /// <summary>The new regime of a <see cref="FlowActionKind.Regime"/> action.</summary>
    public VolatilityRegime? Regime { get; init; }
}

/// <summary>The model's source of randomness: a seed and the sandbox's run number (a restart draws new numbers).</summary>
internal readonly record struct FlowRandomSource(int Seed, long Run)
{
    /// <summary>An independent stream for one part of the model (a pair, the regime).</summary>
    public FlowRandom Stream(long id) => new(Seed, Run, id);
}
