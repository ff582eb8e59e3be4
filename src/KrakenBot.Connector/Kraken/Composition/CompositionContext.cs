using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Streams;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Composition;

/// <summary>What every composer of one <see cref="KrakenSpotExchange"/> shares: its options, clock, logs, events and metrics.</summary>
internal sealed record CompositionContext(
    KrakenExchangeOptions Options,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    ILogger Logger,
    ExchangeEventHub Events,
    ConnectorMetrics Metrics);
