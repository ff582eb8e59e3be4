using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Xunit;
using static KrakenBot.Connector.Tests.Catalog.KrakenExampleMarkets;

namespace KrakenBot.Connector.Tests.Catalog;

public class MarketCatalogTests
{
    private readonly MarketCatalog _catalog = KrakenExampleMarkets.Catalog();

    [Theory]
    [InlineData("XXBT", "XXBT", "XBT", "BTC")]
    [InlineData("XBT", "XXBT", "XBT", "BTC")]
    [InlineData("BTC", "XXBT", "XBT", "BTC")]
    [InlineData("XXDG", "XXDG", "XDG", "DOGE")]
    [InlineData("DOGE", "XXDG", "XDG", "DOGE")]
    [InlineData("ZUSD", "ZUSD", "USD", "USD")]
    [InlineData("USD", "ZUSD", "USD", "USD")]
    [InlineData("XETH", "XETH", "ETH", "ETH")]
    [InlineData("SOL", "SOL", "SOL", "SOL")]
    [InlineData("USDT", "USDT", "USDT", "USDT")]
    [InlineData("KFEE", "KFEE", "FEE", "FEE")]
    public void Assets_are_found_by_every_name(string name, string id, string altName, string common)
    {
        var asset = _catalog.GetAsset(name);
        Assert.Equal(id, asset.Id);
        Assert.Equal(altName, asset.AltName);
        Assert.Equal(common, asset.CommonName);
    }

    [Theory]
    [InlineData("XTZ")] // Tezos: starts with X but is not a prefixed legacy code
    [InlineData("XRP")]
    [InlineData("ZEC")]
    [InlineData("XLM")]
    [InlineData("XMR")]
    public void Codes_that_start_with_X_or_Z_keep_their_name(string common)
    {
        var asset = _catalog.GetAsset(common);
        Assert.Equal(common, asset.CommonName);
        Assert.Equal(common, asset.AltName);
    }

    [Fact]
    public void Every_official_asset_is_kept_with_its_precision()
    {
        Assert.Equal(26, _catalog.Assets.Count);
        var btc = _catalog.GetAsset("BTC");
        Assert.Equal(10, btc.Decimals);
        Assert.Equal(5, btc.DisplayDecimals);
        Assert.Equal(0, _catalog.GetAsset("JPY").DisplayDecimals);
    }

    [Theory]
    [InlineData("XXBTZUSD")]
    [InlineData("XBTUSD")]
    [InlineData("XBT/USD")]
    [InlineData("BTC/USD")]
    [InlineData("BTC-USD")]
    [InlineData("btc-usd")]
    [InlineData("xbt/usd")]
    [InlineData("xxbtzusd")]
    public void Bitcoin_usd_is_found_by_every_name(string name)
    {
        var pair = _catalog.GetPair(name);
        Assert.Equal("XXBTZUSD", pair.Id);
        Assert.Equal("XBTUSD", pair.AltName);
        Assert.Equal("XBT/USD", pair.WsName);
        Assert.Equal("BTC/USD", pair.Symbol);
        Assert.Equal("BTC-USD", pair.DisplayName);
        Assert.Equal(new TradingPair("BTC", "USD"), pair.Pair);
        Assert.Equal("XXBT", pair.Base.Id);
        Assert.Equal("ZUSD", pair.Quote.Id);
    }

    [Theory]
    [InlineData("XETHXXBT")]
    [InlineData("ETHXBT")]
    [InlineData("ETH/XBT")]
    [InlineData("ETH/BTC")]
    [InlineData("ETH-BTC")]
    public void Eth_btc_has_btc_as_its_quote_in_common_names(string name)
    {
        var pair = _catalog.GetPair(name);
        Assert.Equal("XETHXXBT", pair.Id);
        Assert.Equal("ETH/BTC", pair.Symbol);
        Assert.Equal("ETH-BTC", pair.DisplayName);
    }

    [Theory]
    [InlineData("XDGUSD")]
    [InlineData("XDG/USD")]
    [InlineData("DOGE/USD")]
    [InlineData("DOGE-USD")]
    public void Dogecoin_maps_xdg_to_doge(string name)
    {
        var pair = _catalog.GetPair(name);
        Assert.Equal("XDGUSD", pair.Id);
        Assert.Equal("DOGE/USD", pair.Symbol);
        Assert.Equal("XXDG", pair.Base.Id);
    }

    [Theory]
    [InlineData("SOLUSD")]
    [InlineData("SOL/USD")]
    [InlineData("SOL-USD")]
    public void Unprefixed_pairs_are_found_too(string name)
    {
        var pair = _catalog.GetPair(name);
        Assert.Equal("SOLUSD", pair.Id);
        Assert.Equal("SOL/USD", pair.Symbol);
        Assert.Equal("SOL", pair.Base.Id);
        Assert.Equal("ZUSD", pair.Quote.Id);
    }

    [Fact]
    public void Lookup_by_characters_sliced_from_a_message()
    {
        ReadOnlySpan<char> message = "{\"symbol\":\"DOGE/USD\"}";
        Assert.True(_catalog.TryGetPair(message.Slice(11, 8), out var pair));
        Assert.Equal("XDGUSD", pair.Id);
        Assert.True(_catalog.TryGetPair("btc/usd".AsSpan(), out var btc));
        Assert.Equal("XXBTZUSD", btc.Id);
        Assert.False(_catalog.TryGetPair(message.Slice(11, 7), out _));
        Assert.False(_catalog.TryGetPair(ReadOnlySpan<char>.Empty, out _));
    }

    [Fact]
    public void Lookup_by_trading_pair()
    {
        Assert.Equal("XXBTZUSD", _catalog.GetPair(TradingPair.Parse("BTC-USD")).Id);
        Assert.True(_catalog.TryGetPair(new TradingPair("DOGE", "USD"), out var doge));
        Assert.Equal("XDGUSD", doge.Id);
        Assert.False(_catalog.TryGetPair(new TradingPair("USD", "BTC"), out _));
    }

    [Fact]
    public void A_trading_pair_finds_its_own_market_whichever_pair_was_looked_up_before()
    {
        // The catalog remembers the last pair object it was asked for (by reference): every other object, equal or not,
        // is looked up by its names.
        var btcUsd = new TradingPair("BTC", "USD");
        var dogeUsd = new TradingPair("DOGE", "USD");
        for (int round = 0; round < 2; round++)
        {
            Assert.Equal("XXBTZUSD", _catalog.GetPair(btcUsd).Id);
            Assert.Equal("XXBTZUSD", _catalog.GetPair(btcUsd).Id);
            Assert.Equal("XDGUSD", _catalog.GetPair(dogeUsd).Id);
            Assert.Equal("XXBTZUSD", _catalog.GetPair(new TradingPair("BTC", "USD")).Id);
            Assert.False(_catalog.TryGetPair(new TradingPair("USD", "BTC"), out _));
            Assert.Equal("XDGUSD", _catalog.GetPair(dogeUsd).Id);
        }
    }

    [Fact]
    public void Dark_pool_pairs_are_skipped_and_reported()
    {
        Assert.Equal(4, _catalog.Pairs.Count);
        Assert.DoesNotContain(_catalog.Pairs, p => p.Id.Contains('.'));
        var skipped = Assert.Single(_catalog.Skipped);
        Assert.Equal("XXBTZUSD.d", skipped.Id);
        Assert.False(_catalog.TryGetPair("XBTUSD.d", out _));
    }

    [Fact]
    public void A_pair_whose_asset_is_missing_is_skipped_with_the_missing_asset_named()
    {
        var orphan = SolUsd with { Id = "ADAEUR2", AltName = "ADAEUR2", WsName = "ADA/EUR2", Base = "ADA", Quote = "ZEUR2" };
        var catalog = CatalogWith(XxbtZusd, orphan);
        var skipped = Assert.Single(catalog.Skipped);
        Assert.Contains("ZEUR2", skipped.Reason);
    }

    [Fact]
    public void A_malformed_pair_is_skipped_and_the_others_stay()
    {
        var broken = SolUsd with { OrderMin = -1m };
        var catalog = CatalogWith(XxbtZusd, broken);
        Assert.Equal("XXBTZUSD", Assert.Single(catalog.Pairs).Id);
        var skipped = Assert.Single(catalog.Skipped);
        Assert.Equal("SOLUSD", skipped.Id);
        Assert.Contains("malformed", skipped.Reason);
    }

    [Fact]
    public void An_unknown_pair_is_refused_with_close_names_suggested()
    {
        var error = Assert.Throws<ExchangeValidationException>(() => _catalog.GetPair("BTCUSDT"));
        Assert.Contains("Unknown pair 'BTCUSDT'", error.Message);
        Assert.Contains("BTC-USD", error.Message);

        var xbt = Assert.Throws<ExchangeValidationException>(() => _catalog.GetPair("XBT-USD"));
        Assert.Contains("Did you mean BTC-USD", xbt.Message);

        var typo = Assert.Throws<ExchangeValidationException>(() => _catalog.GetPair("SOL-UDS"));
        Assert.Contains("SOL-USD", typo.Message);

        var nothing = Assert.Throws<ExchangeValidationException>(() => _catalog.GetPair("FOOBARBAZ"));
        Assert.Contains("No known name is close", nothing.Message);
    }

    [Fact]
    public void An_unknown_pair_of_known_assets_says_so()
    {
        var error = Assert.Throws<ExchangeValidationException>(() => _catalog.GetPair(new TradingPair("DOGE", "EUR")));
        Assert.Contains("Kraken lists both DOGE and EUR, but no market between them", error.Message);
    }

    [Fact]
    public void An_unknown_asset_is_refused_with_suggestions()
    {
        var error = Assert.Throws<ExchangeValidationException>(() => _catalog.GetAsset("DOG"));
        Assert.Contains("Unknown asset 'DOG'", error.Message);
        Assert.Contains("DOGE", error.Message);
    }

    [Fact]
    public void A_rest_id_beats_another_assets_altname()
    {
        var kfee = new KrakenAsset("KFEE", "currency", "FEE", 2, 2, null, "enabled");
        var fee = new KrakenAsset("FEE", "currency", "FEETOKEN", 8, 4, null, "enabled"); // hypothetical asset whose id is "FEE"
        var catalog = new MarketCatalog([kfee, fee], []);
        Assert.Same(fee, catalog.GetAsset("FEE").Source);
        Assert.Same(kfee, catalog.GetAsset("KFEE").Source);
    }

    [Fact]
    public void Case_insensitive_lookup_is_refused_where_it_would_be_ambiguous()
    {
        // Two assets whose names differ only by case (as tokenized assets can): exact names work, a third casing does not guess.
        var upper = new KrakenAsset("ABCX", "currency", "ABCX", 8, 4, null, "enabled");
        var mixed = new KrakenAsset("ABCx", "tokenized_asset", "ABCx", 8, 4, null, "enabled");
        var catalog = new MarketCatalog([upper, mixed], []);
        Assert.Same(upper, catalog.GetAsset("ABCX").Source);
        Assert.Same(mixed, catalog.GetAsset("ABCx").Source);
        Assert.False(catalog.TryGetAsset("abcx", out _));
    }

    [Fact]
    public void Rules_come_from_the_pair_entry()
    {
        var rule = _catalog.GetPair("XBTUSD").Rule;
        Assert.Equal(0.1m, rule.TickSize);
        Assert.Equal(1, rule.PriceDecimals);
        Assert.Equal(8, rule.AmountDecimals);
        Assert.Equal(5, rule.CostDecimals);
        Assert.Equal(0.0001m, rule.MinAmount);
        Assert.Equal(0.5m, rule.MinCost);
        Assert.Equal(MarketStatus.Online, rule.Status);

        var ethBtc = _catalog.GetPair("ETH/BTC").Rule;
        Assert.Equal(0.00001m, ethBtc.TickSize);
        Assert.Equal(0.01m, ethBtc.MinAmount);
        Assert.Equal(0.00002m, ethBtc.MinCost);
    }

    [Fact]
    public void Without_tick_size_the_tick_is_ten_to_minus_pair_decimals()
    {
        var catalog = CatalogWith(XethXxbt with { TickSize = null, PairDecimals = 5 });
        Assert.Equal(0.00001m, catalog.GetPair("ETH-BTC").Rule.TickSize);
    }

    [Theory]
    [InlineData("online", MarketStatus.Online)]
    [InlineData("cancel_only", MarketStatus.CancelOnly)]
    [InlineData("post_only", MarketStatus.PostOnly)]
    [InlineData("limit_only", MarketStatus.LimitOnly)]
    [InlineData("reduce_only", MarketStatus.ReduceOnly)]
    [InlineData("work_in_progress", MarketStatus.Unknown)]
    public void Pair_status_is_mapped(string status, MarketStatus expected)
    {
        Assert.Equal(expected, CatalogWith(XxbtZusd with { Status = status }).GetPair("BTC-USD").Rule.Status);
    }

    [Theory]
    [InlineData("0", false, "0.26")]
    [InlineData("0", true, "0.16")]
    [InlineData("49999.99", true, "0.16")]
    [InlineData("50000", true, "0.14")]
    [InlineData("50000", false, "0.24")]
    [InlineData("2500000", false, "0.14")]
    [InlineData("10000000", true, "0")]
    [InlineData("99000000", false, "0.1")]
    public void Fees_follow_the_30_day_volume(string volume, bool isMaker, string expectedPercent)
    {
        var rule = _catalog.GetPair("BTC-USD").Rule;
        Assert.Equal(D(expectedPercent), rule.FeePercent(D(volume), isMaker));
    }

    [Fact]
    public void Maker_fee_falls_back_to_taker_when_kraken_sends_no_maker_schedule()
    {
        var catalog = CatalogWith(XxbtZusd with { MakerFees = [] });
        Assert.Equal(0.26m, catalog.GetPair("BTC-USD").Rule.FeePercent(0m, isMaker: true));
    }

    private static decimal D(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
