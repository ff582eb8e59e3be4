using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Small helpers for building commands bound to a connection and (when given) its transaction.</summary>
internal static class JournalSql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Executes and disposes the command (the writer connection lives long; its commands must not pile up).</summary>
    public static int Run(this DbCommand command)
    {
        using (command)
        {
            return command.ExecuteNonQuery();
        }
    }

    /// <summary>Executes for a single value and disposes the command.</summary>
    public static object? Scalar(this DbCommand command)
    {
        using (command)
        {
            return command.ExecuteScalar();
        }
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
