using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Small helpers for building commands bound to a connection and (when given) its transaction.</summary>
internal static class JournalSql
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Executes and disposes the command (the writer connection lives long; its commands must not pile up).</summary>
    public static int Run(this SqliteCommand command)
    {
        using (command)
        {
            return command.ExecuteNonQuery();
        }
    }

    /// <summary>Executes for a single value and disposes the command.</summary>
    public static object? Scalar(this SqliteCommand command)
    {
        using (command)
        {
            return command.ExecuteScalar();
        }
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
