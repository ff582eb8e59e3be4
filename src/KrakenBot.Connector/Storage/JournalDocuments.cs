using KrakenBot.Connector.Storage.Internal;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// Named text values kept in the journal for layers above the connector, grouped by scope (e.g. one strategy's state
/// under <c>strategy:pmm-btc</c>): each save of a scope is one transaction, on disk when it returns, so a crash leaves
/// either every change of a save or none. The journal does not read the values: their layout is the caller's.
/// </summary>
public sealed class JournalDocuments
{
    private const int MaxNameLength = 200;
    private readonly JournalDatabase _database;

    internal JournalDocuments(JournalDatabase database) => _database = database;

    /// <summary>Every value of <paramref name="scope"/> by key (empty when the scope holds nothing).</summary>
    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string scope, CancellationToken cancellationToken = default)
    {
        CheckName(scope, nameof(scope));
        return _database.ReadAsync<IReadOnlyDictionary<string, string>>((connection, transaction) =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            using var command = JournalSql.Command(connection, transaction, "SELECT key, value FROM documents WHERE scope = @scope")
                .With("@scope", scope);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values[reader.GetString(0)] = reader.GetString(1);
            }

            return values;
        }, cancellationToken);
    }

    /// <summary>The scopes that start with <paramref name="prefix"/>, in order.</summary>
    public Task<IReadOnlyList<string>> ListScopesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return _database.ReadAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var scopes = new List<string>();
            using var command = JournalSql.Command(connection, transaction,
                    "SELECT DISTINCT scope FROM documents WHERE substr(scope, 1, length(@prefix)) = @prefix ORDER BY scope")
                .With("@prefix", prefix);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                scopes.Add(reader.GetString(0));
            }

            return scopes;
        }, cancellationToken);
    }

    /// <summary>Writes every change of <paramref name="changes"/> in one transaction: a value is set, a null removes the key.</summary>
    /// <exception cref="ArgumentException">A scope or key is empty or longer than 200 characters.</exception>
    public async Task SaveAsync(string scope, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default)
    {
        CheckName(scope, nameof(scope));
        ArgumentNullException.ThrowIfNull(changes);
        foreach (string key in changes.Keys)
        {
            CheckName(key, nameof(changes));
        }

        if (changes.Count == 0)
        {
            return;
        }

        using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        string now = JournalValues.ToText(write.Time.GetUtcNow());
        write.Run(w =>
        {
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    w.Command("DELETE FROM documents WHERE scope = @scope AND key = @key")
                        .With("@scope", scope).With("@key", key).Run();
                }
                else
                {
                    w.Command("""
                            INSERT INTO documents (scope, key, value, updated_at) VALUES (@scope, @key, @value, @at)
                            ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                            """)
                        .With("@scope", scope).With("@key", key).With("@value", value).With("@at", now).Run();
                }
            }

            return true;
        });
        write.Commit();
    }

    /// <summary>Removes every value of <paramref name="scope"/>.</summary>
    public async Task DeleteScopeAsync(string scope, CancellationToken cancellationToken = default)
    {
        CheckName(scope, nameof(scope));
        using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        write.Run(w => w.Command("DELETE FROM documents WHERE scope = @scope").With("@scope", scope).Run());
        write.Commit();
    }

    private static void CheckName(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new ArgumentException($"A journal document scope or key must be 1 to {MaxNameLength} characters; got {name.Length}.", parameter);
        }
    }
}
