using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using Xunit;

namespace SandboxTestFixture;

/// <summary>
/// One in-process sandbox per test class, with an account holding 2,000 USD and the connector signed in to it.
/// xunit starts it before the first test of a class that asks for it (<c>IClassFixture&lt;SandboxFixture&gt;</c>)
/// and disposes it after the last one.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private EmbeddedSandbox? _sandbox;
    private KrakenSpotExchange? _exchange;

    /// <summary>The sandbox: its endpoints, and <c>Host.Faults</c> to make the exchange misbehave on purpose.</summary>
    public EmbeddedSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("The fixture is not started.");

    /// <summary>The connector on the funded account, as the code under test would get it.</summary>
    public KrakenSpotExchange Exchange => _exchange ?? throw new InvalidOperationException("The fixture is not started.");

    public async Task InitializeAsync()
    {
        _sandbox = await KrakenConnector.StartSandboxAsync(new Dictionary<string, decimal> { ["USD"] = 2_000m });
        _exchange = await _sandbox.Connector.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_exchange is not null) await _exchange.DisposeAsync();
        if (_sandbox is not null) await _sandbox.DisposeAsync();
    }
}
