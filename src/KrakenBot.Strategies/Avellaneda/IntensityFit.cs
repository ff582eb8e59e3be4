namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// Fits λ(δ) = α·e^(−κδ) to points (δ, λ) by non-linear least squares on λ itself (as SciPy's <c>curve_fit</c> does for
/// Hummingbot), with α, κ ≥ 0: Levenberg–Marquardt from a start taken from the log-linear fit (or the previous fit).
/// </summary>
internal static class IntensityFit
{
    private const int MaxIterations = 200;

    /// <summary>The fitted (α, κ), or null when the points cannot determine them (fewer than two depths, no volume).</summary>
    public static (double Alpha, double Kappa)? Fit(ReadOnlySpan<double> depths, ReadOnlySpan<double> intensities, (double Alpha, double Kappa)? start = null)
    {
        if (depths.Length != intensities.Length) throw new ArgumentException("Every depth needs its intensity.", nameof(intensities));
        if (depths.Length < 2) return null;
        var guess = start is { Alpha: > 0, Kappa: > 0 } warm ? warm : LogLinear(depths, intensities);
        if (guess is null) return null;
        double alpha = guess.Value.Alpha, kappa = guess.Value.Kappa, lambda = 1e-3;
        double cost = Cost(depths, intensities, alpha, kappa);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Normal equations of the 2-parameter problem: J'J and J'r, with r = y − α·e^(−κδ).
            double jaa = 0, jak = 0, jkk = 0, ga = 0, gk = 0;
            for (int i = 0; i < depths.Length; i++)
            {
                double e = Math.Exp(-kappa * depths[i]);
                double residual = intensities[i] - alpha * e;
                double da = e, dk = -alpha * depths[i] * e;
                jaa += da * da; jak += da * dk; jkk += dk * dk;
                ga += da * residual; gk += dk * residual;
            }
            bool improved = false;
            while (lambda < 1e12)
            {
                double a11 = jaa * (1 + lambda), a22 = jkk * (1 + lambda), det = a11 * a22 - jak * jak;
                if (det == 0 || double.IsNaN(det)) { lambda *= 10; continue; }
                double stepAlpha = (ga * a22 - gk * jak) / det, stepKappa = (a11 * gk - jak * ga) / det;
                double nextAlpha = Math.Max(alpha + stepAlpha, 0), nextKappa = Math.Max(kappa + stepKappa, 0);
                double nextCost = Cost(depths, intensities, nextAlpha, nextKappa);
                if (nextCost < cost)
                {
                    bool converged = Math.Abs(cost - nextCost) <= 1e-12 * Math.Max(cost, 1e-300);
                    (alpha, kappa, cost) = (nextAlpha, nextKappa, nextCost);
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = !converged;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return alpha > 0 && kappa > 0 && double.IsFinite(alpha) && double.IsFinite(kappa) ? (alpha, kappa) : null;
    }

    // ln λ = ln α − κδ by ordinary least squares over the positive points: a good start for the non-linear fit.
    private static (double Alpha, double Kappa)? LogLinear(ReadOnlySpan<double> depths, ReadOnlySpan<double> intensities)
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < depths.Length; i++)
        {
            if (intensities[i] <= 0) continue;
            double x = depths[i], y = Math.Log(intensities[i]);
            n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        if (n < 2 || denominator == 0) return null;
        double slope = (n * sxy - sx * sy) / denominator;
        double intercept = (sy - slope * sx) / n;
        double kappa = -slope;
        return kappa > 0 ? (Math.Exp(intercept), kappa) : null;
    }

    private static double Cost(ReadOnlySpan<double> depths, ReadOnlySpan<double> intensities, double alpha, double kappa)
    {
        double sum = 0;
        for (int i = 0; i < depths.Length; i++)
        {
            double residual = intensities[i] - alpha * Math.Exp(-kappa * depths[i]);
            sum += residual * residual;
        }
        return sum;
    }
}
