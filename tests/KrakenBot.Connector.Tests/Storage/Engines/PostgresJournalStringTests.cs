using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Storage.Internal.Postgres;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>How a journal string picks its engine, and what a PostgreSQL journal says when it cannot be reached.</summary>
public sealed class PostgresJournalStringTests
{
    [Theory]
    [InlineData("postgres://bot:secret@db.local:5433/fleet", true)]
    [InlineData("postgresql://db.local/fleet", true)]
    [InlineData("Host=127.0.0.1;Port=5432;Username=bot;Database=fleet", true)]
    [InlineData("Port=5432; host=127.0.0.1", true)]
    [InlineData("/home/me/.local/share/krakenbot/journal.db", false)]
    [InlineData("journal-postgres.db", false)]
    [InlineData(null, false)]
    public void A_journal_string_names_postgres_only_in_its_two_forms(string? journal, bool postgres) =>
        Assert.Equal(postgres, PostgresConnectionStrings.IsPostgres(journal));

    [Fact]
    public void A_url_is_read_into_its_parts_and_its_name_never_shows_the_password()
    {
        var builder = PostgresConnectionStrings.Parse("postgres://bot:s%40cret@db.local:5433/fleet?Timeout=7");
        Assert.Equal(("db.local", 5433, "bot", "s@cret", "fleet", 7), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.Timeout));
        Assert.Equal(PostgresConnectionStrings.DefaultSchema, builder.SearchPath);
        string name = PostgresConnectionStrings.DisplayName(builder);
        Assert.Equal("postgres://bot@db.local:5433/fleet?schema=krakenbot", name);
        Assert.DoesNotContain("cret", name);
    }

    [Fact]
    public async Task An_unreachable_database_is_refused_with_what_to_do_and_without_the_password()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() => TradingJournal.OpenAsync(
            new TradingJournalOptions { Path = "postgres://bot:hunter2@127.0.0.1:1/fleet?Timeout=5" }));
        Assert.Contains("cannot be reached", refused.Message);
        Assert.Contains("postgres://bot@127.0.0.1:1/fleet", refused.Message);
        Assert.DoesNotContain("hunter2", refused.ToString());
    }
}
