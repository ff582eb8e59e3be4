using KrakenBot.Strategies.Avellaneda;
using Xunit;

namespace KrakenBot.Strategies.Tests.Avellaneda;

/// <summary>The model's formulas on values computed by hand, in both σ conventions.</summary>
public class AvellanedaModelTests
{
    // mid 100, q 0.5, γ 0.1, σ 2, κ 1.5, whole horizon left. ln(1 + 0.1/1.5) = ln(16/15) = 0.0645385211375712.
    private const double Mid = 100, Q = 0.5, Gamma = 0.1, Sigma = 2, Kappa = 1.5, Tfrac = 1;
    private const double LogTerm = 2 / Gamma * 0.0645385211375712; // 1.290770422751424

    [Fact]
    public void Paper_exact_uses_the_variance()
    {
        // r = 100 − 0.5·0.1·2²·1 = 99.8; δ* = 0.1·4·1 + 20·ln(16/15) = 0.4 + 1.2907704 = 1.6907704.
        Assert.Equal(99.8, AvellanedaModel.ReservationPrice(Mid, Q, Gamma, Sigma, Tfrac, SigmaConvention.PaperExact), 12);
        Assert.Equal(0.4 + LogTerm, AvellanedaModel.OptimalSpread(Gamma, Sigma, Kappa, Tfrac, SigmaConvention.PaperExact), 12);
    }

    [Fact]
    public void Hummingbot_uses_sigma_where_the_paper_has_the_variance()
    {
        // r = 100 − 0.5·0.1·2·1 = 99.9; δ* = 0.1·2·1 + 1.2907704 = 1.4907704.
        Assert.Equal(99.9, AvellanedaModel.ReservationPrice(Mid, Q, Gamma, Sigma, Tfrac, SigmaConvention.Hummingbot), 12);
        Assert.Equal(0.2 + LogTerm, AvellanedaModel.OptimalSpread(Gamma, Sigma, Kappa, Tfrac, SigmaConvention.Hummingbot), 12);
    }

    [Fact]
    public void Less_horizon_left_means_less_inventory_risk()
    {
        // Half the horizon: the inventory terms halve, the arrival term stays.
        Assert.Equal(99.9, AvellanedaModel.ReservationPrice(Mid, Q, Gamma, Sigma, 0.5, SigmaConvention.PaperExact), 12);
        Assert.Equal(0.2 + LogTerm, AvellanedaModel.OptimalSpread(Gamma, Sigma, Kappa, 0.5, SigmaConvention.PaperExact), 12);
    }

    [Fact]
    public void Quotes_sit_around_the_reservation_price_but_never_inside_the_minimum_spread()
    {
        double r = 99.8, spread = 0.4 + LogTerm;
        var (bid, ask) = AvellanedaModel.Quotes(Mid, r, spread, minSpreadFraction: 0);
        Assert.Equal(99.8 - spread / 2, bid, 12); // 98.9546148
        Assert.Equal(99.8 + spread / 2, ask, 12); // 100.6453852

        // A 4 % minimum spread: each side at least 2 % from the mid.
        var (wideBid, wideAsk) = AvellanedaModel.Quotes(Mid, r, spread, minSpreadFraction: 0.04);
        Assert.Equal(98.0, wideBid, 12);
        Assert.Equal(102.0, wideAsk, 12);
    }

    [Fact]
    public void Inventory_is_the_share_of_the_portfolio_away_from_target()
    {
        // 1 BTC + 10,000 USD at 20,000: 1.5 BTC in all; target 50 % = 0.75 BTC; q = 0.25 / 1.5.
        Assert.Equal(0.25 / 1.5, AvellanedaModel.Inventory(1m, 10_000m, 20_000m, 0.5m), 12);
        Assert.Equal(0, AvellanedaModel.Inventory(0.75m, 15_000m, 20_000m, 0.5m), 12);
        Assert.Equal(-0.5, AvellanedaModel.Inventory(0m, 20_000m, 20_000m, 0.5m), 12);
    }

    [Fact]
    public void Eta_shrinks_the_side_that_adds_to_the_imbalance()
    {
        Assert.Equal((Math.Exp(-0.2), 1.0), AvellanedaModel.SizeFactors(0.5, 0.4));
        Assert.Equal((1.0, Math.Exp(-0.2)), AvellanedaModel.SizeFactors(-0.5, 0.4));
        Assert.Equal((1.0, 1.0), AvellanedaModel.SizeFactors(0, 0.4));
        Assert.Equal((1.0, 1.0), AvellanedaModel.SizeFactors(0.7, 0)); // η 0: no shaping
    }

    [Fact]
    public void A_non_positive_gamma_or_kappa_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AvellanedaModel.OptimalSpread(0, Sigma, Kappa, 1, SigmaConvention.PaperExact));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvellanedaModel.OptimalSpread(Gamma, Sigma, 0, 1, SigmaConvention.PaperExact));
    }
}
