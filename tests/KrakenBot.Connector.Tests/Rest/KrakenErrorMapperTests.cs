using Xunit;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Tests.Rest;

public class KrakenErrorMapperTests
{
    [Theory]
    [InlineData("EAPI:Invalid key", typeof(ExchangeAuthenticationException), false)]
    [InlineData("EAPI:Invalid signature", typeof(ExchangeAuthenticationException), false)]
    [InlineData("EGeneral:Temporary lockout", typeof(ExchangeAuthenticationException), false)]
    [InlineData("EGeneral:Permission denied", typeof(PermissionDeniedException), false)]
    [InlineData("EAPI:Invalid nonce", typeof(InvalidNonceException), true)]
    [InlineData("EAPI:Rate limit exceeded", typeof(RateLimitException), true)]
    [InlineData("EOrder:Rate limit exceeded", typeof(RateLimitException), true)]
    [InlineData("EGeneral:Invalid arguments", typeof(ExchangeValidationException), false)]
    [InlineData("EGeneral:Invalid arguments:Index unavailable", typeof(ExchangeValidationException), false)]
    [InlineData("EOrder:Order minimum not met", typeof(ExchangeValidationException), false)]
    [InlineData("EOrder:Order minimum not met (volume too low)", typeof(ExchangeValidationException), false)]
    [InlineData("EOrder:Cost minimum not met", typeof(ExchangeValidationException), false)]
    [InlineData("EOrder:Tick size check failed", typeof(ExchangeValidationException), false)]
    [InlineData("EQuery:Unknown asset pair", typeof(ExchangeValidationException), false)]
    [InlineData("EOrder:Insufficient funds", typeof(InsufficientFundsException), false)]
    [InlineData("EOrder:Insufficient funds (insufficient user funds)", typeof(InsufficientFundsException), false)]
    [InlineData("EOrder:Unknown order", typeof(UnknownOrderException), false)]
    [InlineData("EOrder:Post only order", typeof(OrderRejectedException), false)]
    [InlineData("EOrder:Orders limit exceeded", typeof(OrderRejectedException), false)]
    [InlineData("EService:Unavailable", typeof(ServiceUnavailableException), true)]
    [InlineData("EService:Busy", typeof(ServiceUnavailableException), true)]
    [InlineData("EService:Market in cancel_only mode", typeof(ServiceUnavailableException), true)]
    [InlineData("EService:Market in post_only mode", typeof(ServiceUnavailableException), true)]
    [InlineData("EService:Deadline elapsed", typeof(ServiceUnavailableException), true)]
    [InlineData("EGeneral:Internal error", typeof(ServiceUnavailableException), false)]
    public void Known_errors_map_to_their_category_and_keep_the_text(string error, Type expected, bool retrySafe)
    {
        ExchangeException exception = KrakenErrorMapper.Map(error, "AddOrder");

        Assert.IsType(expected, exception);
        Assert.Equal(error, exception.ExchangeError);
        Assert.Equal(retrySafe, exception.IsRetrySafe);
        Assert.Contains("AddOrder", exception.Message);
        Assert.Contains(error, exception.Message);
    }

    [Fact]
    public void Post_only_rejection_is_recognisable()
    {
        var exception = Assert.IsType<OrderRejectedException>(KrakenErrorMapper.Map("EOrder:Post only order", "AddOrder"));
        Assert.True(exception.IsPostOnlyRejection);
    }

    [Fact]
    public void Throttled_carries_the_time_to_retry_after()
    {
        var exception = Assert.IsType<RateLimitException>(KrakenErrorMapper.Map("EService: Throttled: 1700000123", "Balance"));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000123), exception.RetryAfter);
        Assert.True(exception.IsRetrySafe);
    }

    [Fact]
    public void Invalid_order_means_unknown_order_only_for_calls_about_an_existing_order()
    {
        Assert.IsType<UnknownOrderException>(KrakenErrorMapper.Map("EOrder:Invalid order", "CancelOrder", refersToExistingOrder: true));
        Assert.IsType<ExchangeValidationException>(KrakenErrorMapper.Map("EOrder:Invalid order", "AddOrder"));
    }

    [Fact]
    public void Unknown_error_is_a_generic_exchange_exception_with_the_text()
    {
        ExchangeException exception = KrakenErrorMapper.Map("EFancy:Something new", "Balance");

        Assert.Equal(typeof(ExchangeException), exception.GetType());
        Assert.Equal("EFancy:Something new", exception.ExchangeError);
        Assert.Contains("EFancy:Something new", exception.Message);
    }

    [Theory]
    [InlineData("WOrder:Something to note", true)]
    [InlineData("EOrder:Unknown order", false)]
    public void Warnings_are_told_apart_from_errors(string text, bool isWarning)
        => Assert.Equal(isWarning, KrakenErrorMapper.IsWarning(text));
}
