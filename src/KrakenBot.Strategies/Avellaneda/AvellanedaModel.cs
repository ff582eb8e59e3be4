namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// The Avellaneda–Stoikov quoting model: where to centre the quotes (the reservation price) and how wide to make them
/// (the optimal spread), from the mid price, the inventory, the risk aversion γ, the volatility σ, the order-arrival
/// decay κ and the fraction of the trading horizon left. Pure functions.
/// </summary>
/// <remarks>
/// The model's inputs are statistical estimates (σ, κ are fitted), so it computes in <see cref="double"/>; prices and
/// amounts leave it as <see cref="decimal"/>, rounded to the market's tick and lot by the strategy.
/// Inventory <c>q</c> is the portfolio-size independent form Hummingbot uses: (base − target base) / total in base.
/// </remarks>
internal static class AvellanedaModel
{
    /// <summary>Reservation price r = s − q·γ·V·Tfrac, with V = σ² (paper) or σ (Hummingbot).</summary>
    public static double ReservationPrice(double mid, double q, double gamma, double sigma, double timeFraction, SigmaConvention convention) =>
        mid - q * gamma * Variance(sigma, convention) * timeFraction;

    /// <summary>Optimal total spread δ* = γ·V·Tfrac + (2/γ)·ln(1 + γ/κ), with V = σ² (paper) or σ (Hummingbot).</summary>
    public static double OptimalSpread(double gamma, double sigma, double kappa, double timeFraction, SigmaConvention convention)
    {
        if (gamma <= 0) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The risk factor γ must be positive.");
        if (kappa <= 0) throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "The order-arrival decay κ must be positive.");
        return gamma * Variance(sigma, convention) * timeFraction + 2.0 / gamma * Math.Log(1.0 + gamma / kappa);
    }

    /// <summary>
    /// The inventory q = (base − target base) / total in base, where total in base = (base·p + quote)/p and the target
    /// base = total value × <paramref name="targetBaseFraction"/> / p: 0 at target, +1 all in base above a 0 target.
    /// </summary>
    public static double Inventory(decimal baseAmount, decimal quoteAmount, decimal price, decimal targetBaseFraction)
    {
        if (price <= 0m) throw new ArgumentOutOfRangeException(nameof(price), price, "The price must be positive.");
        decimal totalInBase = baseAmount + quoteAmount / price;
        if (totalInBase <= 0m) return 0;
        decimal targetBase = totalInBase * targetBaseFraction;
        return (double)((baseAmount - targetBase) / totalInBase);
    }

    /// <summary>
    /// The level-0 bid and ask: r ∓ δ*/2, never closer to the mid than <paramref name="minSpreadFraction"/>/2 each
    /// side (Hummingbot's <c>min_spread</c> is the whole spread as a fraction of the mid).
    /// </summary>
    public static (double Bid, double Ask) Quotes(double mid, double reservationPrice, double optimalSpread, double minSpreadFraction)
    {
        double bid = Math.Min(reservationPrice - optimalSpread / 2, mid * (1 - minSpreadFraction / 2));
        double ask = Math.Max(reservationPrice + optimalSpread / 2, mid * (1 + minSpreadFraction / 2));
        return (bid, ask);
    }

    /// <summary>
    /// η size shaping: the side that would add to an imbalance shrinks by e^(−η|q|) (buys when long, sells when short).
    /// </summary>
    public static (double BuyFactor, double SellFactor) SizeFactors(double q, double eta) =>
        q > 0 ? (Math.Exp(-eta * q), 1.0) : q < 0 ? (1.0, Math.Exp(eta * q)) : (1.0, 1.0);

    private static double Variance(double sigma, SigmaConvention convention) =>
        convention == SigmaConvention.PaperExact ? sigma * sigma : sigma;
}
