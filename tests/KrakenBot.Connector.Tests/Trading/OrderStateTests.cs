using Xunit;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Tests.Trading;

public class OrderStateTests
{
    [Theory]
    [InlineData(OrderState.Filled, true)]
    [InlineData(OrderState.Cancelled, true)]
    [InlineData(OrderState.Expired, true)]
    [InlineData(OrderState.Failed, true)]
    [InlineData(OrderState.PendingCreate, false)]
    [InlineData(OrderState.Open, false)]
    [InlineData(OrderState.PartiallyFilled, false)]
    [InlineData(OrderState.PendingCancel, false)]
    public void Terminal_states_are_the_four_final_ones(OrderState state, bool terminal)
    {
        Assert.Equal(terminal, state.IsTerminal());
    }

    [Fact]
    public void Terminal_states_go_nowhere()
    {
        foreach (var from in Enum.GetValues<OrderState>())
        {
            if (!from.IsTerminal())
            {
                continue;
            }

            foreach (var to in Enum.GetValues<OrderState>())
            {
                Assert.False(OrderStates.CanTransition(from, to), $"{from} -> {to}");
            }
        }
    }

    [Theory]
    [InlineData(OrderState.PendingCreate, OrderState.Open)]
    [InlineData(OrderState.PendingCreate, OrderState.Failed)]
    [InlineData(OrderState.PendingCreate, OrderState.Cancelled)]
    [InlineData(OrderState.Open, OrderState.PartiallyFilled)]
    [InlineData(OrderState.PartiallyFilled, OrderState.PartiallyFilled)]
    [InlineData(OrderState.PartiallyFilled, OrderState.Filled)]
    [InlineData(OrderState.Open, OrderState.PendingCancel)]
    [InlineData(OrderState.PendingCancel, OrderState.Cancelled)]
    [InlineData(OrderState.PendingCancel, OrderState.Filled)]
    [InlineData(OrderState.PendingCancel, OrderState.Open)]
    [InlineData(OrderState.Open, OrderState.Expired)]
    public void Legal_moves(OrderState from, OrderState to)
    {
        Assert.True(OrderStates.CanTransition(from, to));
    }

    [Theory]
    [InlineData(OrderState.Open, OrderState.Failed)]
    [InlineData(OrderState.Open, OrderState.PendingCreate)]
    [InlineData(OrderState.Open, OrderState.Open)]
    [InlineData(OrderState.PartiallyFilled, OrderState.Open)]
    [InlineData(OrderState.PendingCancel, OrderState.PendingCreate)]
    public void Illegal_moves(OrderState from, OrderState to)
    {
        Assert.False(OrderStates.CanTransition(from, to));
    }
}
