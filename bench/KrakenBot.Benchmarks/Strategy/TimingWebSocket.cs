using System.Diagnostics;
using System.Net.WebSockets;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Benchmarks.Strategy;

/// <summary>
/// Opens real client WebSockets and timestamps, on the public socket, the moment the last byte of a book frame holding
/// a chosen text was read, and on the private socket the moment an <c>amend_order</c> request was written. The wrapped
/// socket is read as the connector reads its own (<see cref="IMessagePump"/>: a thread of its own that hands every
/// message over on it) and written as the connector writes to its own (<see cref="IDirectSend"/> when no other send is
/// under way), so that what is timed is the path users get, not the asynchronous one kept for wrappers.
/// </summary>
internal sealed class TimingConnector : IWebSocketConnector
{
    private readonly KrakenWebSocketConnector _inner = new();

    /// <summary>Text the next book frame to time must contain (e.g. the maker's price); null: time none.</summary>
    public volatile byte[]? Needle;

    /// <summary>When the frame holding <see cref="Needle"/> was read (Stopwatch ticks); 0 until then.</summary>
    public long BookFrameAt;

    /// <summary>The process's state when that frame was read (what the amends are compared with).</summary>
    public ProcessMark BookFrameMark;

    /// <summary>Every amend request written, in order (room for a long run, so that adding allocates nothing).</summary>
    public readonly List<AmendWrite> AmendsWritten = new(64 * 1024);

    private TaskCompletionSource? _amendsAwaited;
    private int _amendsAwaitedCount;

    /// <summary>
    /// Completes once <paramref name="count"/> amends in all have been written: signalled by the write itself, so that
    /// nothing polls while a reaction is being timed (a poll would take a core from it on a small machine).
    /// </summary>
    public Task AmendsWrittenAsync(int count)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (AmendsWritten)
        {
            if (AmendsWritten.Count >= count) return Task.CompletedTask;
            (_amendsAwaited, _amendsAwaitedCount) = (signal, count);
        }

        return signal.Task;
    }

    // The marks are read after the timestamp of a write and before that of a frame: their cost stays out of the window.
    private void AmendWritten(long at)
    {
        var mark = ProcessMark.Now();
        TaskCompletionSource? done = null;
        lock (AmendsWritten)
        {
            AmendsWritten.Add(new AmendWrite(at, mark));
            if (_amendsAwaited is not null && AmendsWritten.Count >= _amendsAwaitedCount) (done, _amendsAwaited) = (_amendsAwaited, null);
        }

        done?.TrySetResult();
    }

    private void FrameRead()
    {
        BookFrameMark = ProcessMark.Now();
        Volatile.Write(ref BookFrameAt, Stopwatch.GetTimestamp());
        Needle = null;
    }

    public async Task<WebSocket> ConnectAsync(Uri uri, SocketTransportOptions options, CancellationToken cancellationToken) =>
        new TimingWebSocket(await _inner.ConnectAsync(uri, options, cancellationToken).ConfigureAwait(false), this);

    private sealed class TimingWebSocket(WebSocket inner, TimingConnector owner) : WebSocket, IMessagePump, IDirectSend
    {
        private static readonly byte[] Book = "\"channel\":\"book\""u8.ToArray();
        private static readonly byte[] Amend = "\"amend_order\""u8.ToArray();
        private bool _messageStart = true;
        private bool _isBook;
        private bool _hasNeedle;

        public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;
        public override string? CloseStatusDescription => inner.CloseStatusDescription;
        public override WebSocketState State => inner.State;
        public override string? SubProtocol => inner.SubProtocol;
        public override void Abort() => inner.Abort();
        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseAsync(closeStatus, statusDescription, cancellationToken);
        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        public override void Dispose() => inner.Dispose();
        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
            inner.ReceiveAsync(buffer, cancellationToken);
        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

        public void Run(IReceivedMessages target) => ((IMessagePump)inner).Run(new TimingTarget(target, owner));

        public bool TrySendText(ReadOnlySpan<byte> utf8)
        {
            if (!((IDirectSend)inner).TrySendText(utf8)) return false;
            if (utf8.IndexOf(Amend) >= 0) owner.AmendWritten(Stopwatch.GetTimestamp());
            return true;
        }

        public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            var chunk = buffer.Span[..result.Count];
            if (_messageStart)
            {
                _isBook = chunk.IndexOf(Book) >= 0;
                _hasNeedle = false;
            }

            if (_isBook && owner.Needle is { } needle && chunk.IndexOf(needle) >= 0)
            {
                _hasNeedle = true;
            }

            _messageStart = result.EndOfMessage;
            if (result.EndOfMessage && _hasNeedle && owner.Needle is not null)
            {
                owner.FrameRead();
            }

            return result;
        }

        public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken).ConfigureAwait(false);
            if (buffer.Span.IndexOf(Amend) >= 0) owner.AmendWritten(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Timestamps the book frame holding the needle as the pump hands it over, before the connector handles it.</summary>
    private sealed class TimingTarget(IReceivedMessages target, TimingConnector owner) : IReceivedMessages
    {
        private static readonly byte[] Book = "\"channel\":\"book\""u8.ToArray();

        public void OnBytesReceived() => target.OnBytesReceived();

        public void OnMessage(ReadOnlyMemory<byte> payload, bool text)
        {
            if (owner.Needle is { } needle && payload.Span.IndexOf(Book) >= 0 && payload.Span.IndexOf(needle) >= 0)
            {
                owner.FrameRead();
            }

            target.OnMessage(payload, text);
        }
    }
}

/// <summary>One amend request written: when (Stopwatch ticks), and the process's state then.</summary>
internal readonly record struct AmendWrite(long At, ProcessMark Mark);

/// <summary>
/// What can put a tail on one reaction, read at its two ends: the calling thread's bytes allocated and CPU time (the
/// reaction runs on the socket's receive thread, so when both ends are on that thread the differences are what it
/// allocated and how long it was on a core: the wall time less the time it waited for one), garbage collections of any
/// generation, and methods the JIT compiled (tier-up and on-stack replacement during the run).
/// </summary>
internal readonly record struct ProcessMark(int Thread, long ThreadAllocated, long ThreadCpuNanos, int Collections, long JitCompiled)
{
    public static ProcessMark Now() => new(Environment.CurrentManagedThreadId, GC.GetAllocatedBytesForCurrentThread(), ThreadCpu.Nanoseconds(),
        GC.CollectionCount(0), System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false));
}

/// <summary>The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>); -1 elsewhere.</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        return ClockGetTime(ClockThreadCpuTime, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : -1;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private readonly struct TimeSpec
    {
        public readonly long Seconds;
        public readonly long Nanoseconds;
    }
}

/// <summary>
/// The system clock shifted by an offset that only grows: jumping it ahead lets rate counters decay at once. With
/// <paramref name="shiftTimestamps"/> the monotonic timestamps move too (the sandbox's counters use them); without, they
/// stay real (the connector's socket liveness uses them and must not see a jump as silence).
/// </summary>
internal sealed class ShiftedClock(bool shiftTimestamps) : TimeProvider
{
    private static long _offsetTicks;

    public static void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() => shiftTimestamps
        ? System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond)
        : System.GetTimestamp();
}
