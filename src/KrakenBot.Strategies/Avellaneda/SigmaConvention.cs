namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// How volatility enters the Avellaneda–Stoikov formulas. The paper (Avellaneda &amp; Stoikov 2008) has the variance
/// σ²: reservation price r = s − q·γ·σ²·(T−t) and total spread γ·σ²·(T−t) + (2/γ)·ln(1 + γ/κ). Hummingbot's
/// implementation uses σ itself in both places (its issues #5677 and #6059). Both are offered; the paper is the default.
/// </summary>
public enum SigmaConvention
{
    /// <summary>The paper's formulas, with σ² (<c>paper_exact</c>, the default).</summary>
    PaperExact,

    /// <summary>Hummingbot's formulas, with σ where the paper has σ² (<c>hummingbot</c>): same parameters, same quotes as there.</summary>
    Hummingbot,
}
