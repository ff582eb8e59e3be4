namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>Finds known names close to a mistyped one, ignoring case and separators (<c>-</c>, <c>/</c>, <c>_</c>, space).</summary>
internal static class NameSuggestions
{
    private const int MaxDistance = 2;
    private const int MaxSuggestions = 3;

    /// <summary>Up to three display names whose best alias is within two edits of <paramref name="typed"/>, closest first.</summary>
    public static IReadOnlyList<string> Closest<T>(string typed, IEnumerable<T> candidates, Func<T, IEnumerable<string>> aliases,
        Func<T, string> displayName)
    {
        string wanted = Normalize(typed);
        var scored = new List<(int Distance, string Name)>();
        foreach (var candidate in candidates)
        {
            int best = int.MaxValue;
            foreach (var alias in aliases(candidate))
            {
                best = Math.Min(best, Distance(wanted, Normalize(alias)));
            }

            if (best <= MaxDistance)
            {
                scored.Add((best, displayName(candidate)));
            }
        }

        scored.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Name, b.Name));
        var names = new List<string>(MaxSuggestions);
        foreach (var (_, name) in scored)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }

            if (names.Count == MaxSuggestions)
            {
                break;
            }
        }

        return names;
    }

    private static string Normalize(string name)
    {
        var chars = new List<char>(name.Length);
        foreach (char c in name)
        {
            if (c is not ('-' or '/' or '_' or ' '))
            {
                chars.Add(char.ToUpperInvariant(c));
            }
        }

        return new string([.. chars]);
    }

    // Levenshtein distance (insert, delete, substitute), two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
