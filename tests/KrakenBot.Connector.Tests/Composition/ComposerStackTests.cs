using KrakenBot.Connector.Kraken.Composition;
using Xunit;

namespace KrakenBot.Connector.Tests.Composition;

public class ComposerStackTests
{
    [Fact]
    public async Task Composers_start_in_order_and_stop_in_reverse()
    {
        var log = new List<string>();
        var stack = new ComposerStack();
        foreach (string name in new[] { "journal", "account", "streams" })
            await stack.StartAsync(new Recording(name, log), CancellationToken.None);

        await stack.DisposeAsync();

        Assert.Equal(["start journal", "start account", "start streams", "stop streams", "stop account", "stop journal"], log);
    }

    [Fact]
    public async Task A_start_failing_in_a_later_composer_stops_it_and_every_earlier_one_and_rethrows()
    {
        var log = new List<string>();
        var stack = new ComposerStack();
        await stack.StartAsync(new Recording("journal", log), CancellationToken.None);
        await stack.StartAsync(new Recording("account", log), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => stack.StartAsync(new Recording("streams", log, failStart: true), CancellationToken.None));

        Assert.Equal("streams refused", failure.Message);
        // The failed composer undoes its own partial start too, before the ones below it.
        Assert.Equal(["start journal", "start account", "start streams", "stop streams", "stop account", "stop journal"], log);

        await stack.DisposeAsync(); // nothing is stopped twice
        Assert.Equal(6, log.Count);
    }

    [Fact]
    public async Task A_composer_failing_to_stop_keeps_neither_the_others_running_nor_the_start_failure_hidden()
    {
        var log = new List<string>();
        var stack = new ComposerStack();
        await stack.StartAsync(new Recording("journal", log), CancellationToken.None);
        await stack.StartAsync(new Recording("account", log, failStop: true), CancellationToken.None);

        // The clean-up after a failed start meets a composer that cannot stop: the start's own failure still comes out.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => stack.StartAsync(new Recording("streams", log, failStart: true), CancellationToken.None));
        Assert.Equal("streams refused", failure.Message);
        Assert.Equal(["start journal", "start account", "start streams", "stop streams", "stop account", "stop journal"], log);
    }

    [Fact]
    public async Task Stopping_goes_on_past_a_composer_that_fails_and_then_reports_its_failure()
    {
        var log = new List<string>();
        var stack = new ComposerStack();
        await stack.StartAsync(new Recording("journal", log), CancellationToken.None);
        await stack.StartAsync(new Recording("account", log, failStop: true), CancellationToken.None);
        await stack.StartAsync(new Recording("streams", log), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<IOException>(() => stack.DisposeAsync().AsTask());

        Assert.Equal("account could not stop", failure.Message);
        Assert.Equal(["start journal", "start account", "start streams", "stop streams", "stop account", "stop journal"], log);
    }

    private sealed class Recording(string name, List<string> log, bool failStart = false, bool failStop = false) : IComposer
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            log.Add($"start {name}");
            return failStart ? Task.FromException(new InvalidOperationException($"{name} refused")) : Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            log.Add($"stop {name}");
            return failStop ? ValueTask.FromException(new IOException($"{name} could not stop")) : ValueTask.CompletedTask;
        }
    }
}
