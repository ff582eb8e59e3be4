using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage;

/// <summary>A fill as stored: the fill and its journal sequence number.</summary>
/// <param name="Sequence">
/// Increases with every fill the journal stores (never reused), so a reader can ask for the fills after the last one
/// it saw with <see cref="FillJournal.GetAfterAsync"/>.
/// </param>
/// <param name="Fill">The fill, exactly as recorded.</param>
internal sealed record JournalFill(long Sequence, Fill Fill);
