namespace KrakenBot.Connector.Trading;

/// <summary>
/// An order open on the account that the connector does not track, and why: its pair is not among the markets loaded,
/// or the exchange's report of it could not be read. It is shown, never silently dropped; its hold still counts in
/// balances (the exchange's figure).
/// </summary>
/// <param name="ExchangeOrderId">The exchange's id.</param>
/// <param name="Description">The exchange's own description of it.</param>
/// <param name="Reason">Why it is not tracked.</param>
public sealed record UntrackedOrder(string ExchangeOrderId, string Description, string Reason);
