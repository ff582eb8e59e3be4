namespace KrakenBot.Connector.Tests.Auth;

/// <summary>A wall clock a test can set to any instant, earlier ones included (FakeTimeProvider refuses to go back).</summary>
internal sealed class ManualWallClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
