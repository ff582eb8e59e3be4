using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Strategies.Tests.State;

public class StateWriterTests
{
    [Fact]
    public async Task With_a_store_in_memory_the_next_changes_come_in_the_last_batch_written_emptied_and_the_store_keeps_its_own_copy()
    {
        var store = new InMemoryStrategyStateStore();
        var writer = new StateWriter(store, "s1", NullLogger.Instance);
        var first = writer.NewChanges();
        first["orders"] = "[1]";
        writer.Enqueue(first);
        await writer.FlushAsync();

        var second = writer.NewChanges();
        Assert.Same(first, second);
        Assert.Empty(second);
        Assert.Equal("[1]", (await store.LoadAsync("s1"))["orders"]);
        second["orders"] = "[2]";
        writer.Enqueue(second);
        await writer.FlushAsync();
        Assert.Equal("[2]", (await store.LoadAsync("s1"))["orders"]);
    }

    [Fact]
    public async Task Any_other_store_gets_a_new_dictionary_each_time_and_may_keep_it()
    {
        var store = new KeepingStore();
        var writer = new StateWriter(store, "s1", NullLogger.Instance);
        for (int i = 0; i < 3; i++)
        {
            var changes = writer.NewChanges();
            changes["orders"] = $"[{i}]";
            writer.Enqueue(changes);
            await writer.FlushAsync();
        }

        Assert.Equal(["[0]", "[1]", "[2]"], store.Saved.Select(s => s["orders"]));
    }

    // Keeps every dictionary it was given, as a store that writes later might.
    private sealed class KeepingStore : IStrategyStateStore
    {
        public List<IReadOnlyDictionary<string, string?>> Saved { get; } = [];

        public Task<IReadOnlyDictionary<string, string>> LoadAsync(string strategyId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

        public Task SaveAsync(string strategyId, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default)
        {
            Saved.Add(changes);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task DeleteAsync(string strategyId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
