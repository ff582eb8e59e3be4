using KrakenBot.Strategies.Avellaneda;
using Xunit;

namespace KrakenBot.Strategies.Tests.Avellaneda;

/// <summary>The estimators recover σ, α and κ from synthetic data generated with them (seeded).</summary>
public class EstimatorTests
{
    [Fact]
    public void Volatility_converges_to_the_step_deviation_of_a_random_walk()
    {
        const double trueSigma = 3.0;
        var random = new Random(7);
        var estimator = new VolatilityEstimator(10_000);
        double mid = 50_000;
        estimator.Add(mid);
        for (int i = 0; i < 30_000; i++)
        {
            mid += trueSigma * Gaussian(random);
            estimator.Add(mid);
        }

        Assert.True(estimator.IsReady);
        Assert.InRange(estimator.Sigma, trueSigma * 0.97, trueSigma * 1.03);
    }

    [Fact]
    public void Volatility_is_not_ready_until_its_buffer_is_full_and_forgets_older_changes()
    {
        var estimator = new VolatilityEstimator(3);
        foreach (double mid in new double[] { 100, 110, 90 }) estimator.Add(mid);
        Assert.False(estimator.IsReady);
        Assert.Equal(Math.Sqrt((100 + 400) / 2.0), estimator.Sigma, 12);
        foreach (double mid in new double[] { 91, 92, 93 }) estimator.Add(mid); // last three changes: 1, 1, 1
        Assert.True(estimator.IsReady);
        Assert.Equal(1.0, estimator.Sigma, 12);
    }

    [Fact]
    public void The_fit_recovers_alpha_and_kappa_exactly_from_exact_points_and_closely_from_noisy_ones()
    {
        double[] depths = [.. Enumerable.Range(1, 30).Select(i => i * 0.1)];
        double[] exact = [.. depths.Select(d => 50 * Math.Exp(-0.8 * d))];
        var fit = IntensityFit.Fit(depths, exact)!.Value;
        Assert.Equal(50, fit.Alpha, 6);
        Assert.Equal(0.8, fit.Kappa, 6);

        var random = new Random(11);
        double[] noisy = [.. exact.Select(v => v * (1 + 0.1 * (random.NextDouble() * 2 - 1)))];
        var rough = IntensityFit.Fit(depths, noisy)!.Value;
        Assert.InRange(rough.Alpha, 50 * 0.95, 50 * 1.05);
        Assert.InRange(rough.Kappa, 0.8 * 0.95, 0.8 * 1.05);
    }

    [Fact]
    public void The_intensity_estimator_recovers_kappa_from_trades_arriving_at_that_rate()
    {
        // Each tick, a trade of size 1 happens at depth δ with probability α·e^(−κδ)·dt: the volume summed per depth over
        // N ticks is N·dt·α·e^(−κδ), so the fit gives κ, and α scaled by N·dt.
        const double alpha = 40, kappa = 1.2, dt = 0.02;
        const int buckets = 2000;
        var random = new Random(3);
        var estimator = new TradingIntensityEstimator(buckets);
        double mid = 1000;
        estimator.Tick(mid);
        int ticksWithTrades = 0;
        while (!estimator.IsReady)
        {
            bool traded = false;
            for (int step = 1; step <= 30; step++)
            {
                double depth = step * 0.1;
                if (random.NextDouble() < alpha * Math.Exp(-kappa * depth) * dt)
                {
                    estimator.AddTrade(random.Next(2) == 0 ? mid + depth : mid - depth, 1);
                    traded = true;
                }
            }
            if (traded) ticksWithTrades++;
            estimator.Tick(mid);
        }

        var fit = estimator.Estimate()!.Value;
        Assert.Equal(buckets, ticksWithTrades);
        Assert.InRange(fit.Kappa, kappa * 0.95, kappa * 1.05);
    }

    [Fact]
    public void Trades_before_the_first_tick_have_no_depth_and_are_ignored()
    {
        var estimator = new TradingIntensityEstimator(1);
        estimator.AddTrade(101, 5);
        estimator.Tick(100);
        Assert.Equal(0, estimator.Samples);
        Assert.Null(estimator.Estimate());
    }

    // Box–Muller: a standard normal draw from the seeded generator.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
