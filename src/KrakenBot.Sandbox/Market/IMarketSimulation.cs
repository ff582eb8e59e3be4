namespace KrakenBot.Sandbox.Market;

/// <summary>Synthetic traders that keep the sandbox's books two-sided and moving on the sandbox's clock.</summary>
internal interface IMarketSimulation : IDisposable
{
    /// <summary>Builds the books, then keeps trading on the clock.</summary>
    void Start();

    /// <summary>Catches the market up with the clock (tests that drive the market by hand call it directly).</summary>
    void Step();
}
