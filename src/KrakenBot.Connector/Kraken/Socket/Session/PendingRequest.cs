using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// A request waiting for its answer(s). Kraken answers a subscribe once per symbol, all with the request's
/// <c>req_id</c>; the request is complete when every expected symbol has answered (or one answer without a
/// symbol came, which then stands for all).
/// </summary>
internal sealed class PendingRequest
{
    private readonly Lock _gate = new();
    private readonly HashSet<string>? _awaitedSymbols;
    private readonly List<MethodResponse> _responses = [];
    private readonly TaskCompletionSource<IReadOnlyList<MethodResponse>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingRequest(string method, long requestId, IEnumerable<string>? awaitedSymbols, bool changesState)
    {
        Method = method;
        RequestId = requestId;
        ChangesState = changesState;
        if (awaitedSymbols is not null)
        {
            _awaitedSymbols = new HashSet<string>(awaitedSymbols, StringComparer.Ordinal);
            if (_awaitedSymbols.Count == 0) _awaitedSymbols = null;
        }
    }

    public string Method { get; }
    public long RequestId { get; }
    public bool ChangesState { get; }

    /// <summary>When <see cref="RequestDeadlines"/> times it out (a <see cref="TimeProvider"/> timestamp); null: never.</summary>
    public long? Deadline { get; init; }
    public Task<IReadOnlyList<MethodResponse>> Completion => _done.Task;

    /// <summary>Answers received so far (a copy).</summary>
    public IReadOnlyList<MethodResponse> Received
    {
        get { lock (_gate) return [.. _responses]; }
    }

    public void Accept(MethodResponse response)
    {
        bool complete;
        lock (_gate)
        {
            _responses.Add(response);
            if (_awaitedSymbols is null || response.Symbol is null)
            {
                complete = true;
            }
            else
            {
                _awaitedSymbols.Remove(response.Symbol);
                complete = _awaitedSymbols.Count == 0;
            }
        }
        if (complete)
            _done.TrySetResult(Received);
    }

    public void Fail(ExchangeException error) => _done.TrySetException(error);

    /// <summary>No answer came in time: <see cref="Completion"/> fails with a <see cref="TimeoutException"/>.</summary>
    public void TimeOut() => _done.TrySetException(new TimeoutException());
}
