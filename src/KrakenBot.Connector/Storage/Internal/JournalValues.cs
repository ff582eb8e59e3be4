using System.Globalization;
using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// How values are written to and read from the journal. Decimals are TEXT in invariant format (exact, scale kept;
/// never REAL, which would round them); times are TEXT in round-trip format (offset kept) with a UTC tick column
/// next to them where rows are sorted or filtered by time; enums are their names, so renumbering cannot change them.
/// </summary>
internal static class JournalValues
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public static string ToText(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string ToText(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static string ToText<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString();

    public static object OrNull(string? value) => value is null ? DBNull.Value : value;

    public static decimal GetDecimal(DbDataReader reader, string column)
    {
        string text = reader.GetString(reader.GetOrdinal(column));
        if (!decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out decimal value))
        {
            throw new FormatException($"Column '{column}' holds '{text}', which is not a decimal number.");
        }

        return value;
    }

    public static decimal? GetNullableDecimal(DbDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : GetDecimal(reader, column);

    public static DateTimeOffset GetTime(DbDataReader reader, string column)
    {
        string text = reader.GetString(reader.GetOrdinal(column));
        if (!DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new FormatException($"Column '{column}' holds '{text}', which is not a round-trip timestamp.");
        }

        return value;
    }

    public static DateTimeOffset? GetNullableTime(DbDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : GetTime(reader, column);

    public static TEnum GetEnum<TEnum>(DbDataReader reader, string column)
        where TEnum : struct, Enum
    {
        string text = reader.GetString(reader.GetOrdinal(column));
        if (!Enum.TryParse(text, ignoreCase: false, out TEnum value) || !Enum.IsDefined(value) || char.IsDigit(text[0]))
        {
            throw new FormatException($"Column '{column}' holds '{text}', which is not a {typeof(TEnum).Name}.");
        }

        return value;
    }

    public static string? GetNullableString(DbDataReader reader, string column)
    {
        int ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static string GetString(DbDataReader reader, string column) => reader.GetString(reader.GetOrdinal(column));

    public static long GetInt64(DbDataReader reader, string column) => reader.GetInt64(reader.GetOrdinal(column));
}
