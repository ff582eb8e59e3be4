namespace KrakenBot.Connector.Trading;

/// <summary>Whether an order buys or sells the base asset.</summary>
public enum OrderSide
{
    /// <summary>Buy the base asset, pay the quote asset.</summary>
    Buy,

    /// <summary>Sell the base asset, receive the quote asset.</summary>
    Sell,
}
