namespace KrakenBot.Connector.Diagnostics;

/// <summary>
/// The connector's one <see cref="System.Diagnostics.Metrics.Meter"/>: subscribe to <see cref="Name"/> (for instance
/// OpenTelemetry's <c>AddMeter(ConnectorMeter.Name)</c>) to collect every instrument listed in the connector's README.
/// </summary>
internal static class ConnectorMeter
{
    /// <summary>The meter's name, <c>KrakenBot.Connector</c>.</summary>
    public const string Name = "KrakenBot.Connector";
}
