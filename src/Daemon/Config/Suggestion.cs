namespace Evpnd.Daemon.Config;

/// <summary>"Did you mean ...?" for misspelt keys and keywords, by edit distance.</summary>
internal static class Suggestion
{
    /// <summary>
    /// The candidate closest to <paramref name="text"/>, if it is close enough to be a typo
    /// (a dropped, doubled or swapped letter, <c>_</c> for <c>-</c>, wrong case); otherwise null.
    /// </summary>
    public static string? Closest(string text, IEnumerable<string> candidates)
    {
        string normalized = text.ToLowerInvariant().Replace('_', '-');
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(normalized, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        // Allow more edits in longer words, but never so many that "ip" suggests "vni".
        int allowed = best.Length <= 4 ? 1 : best.Length <= 8 ? 2 : 3;
        return bestDistance <= allowed && bestDistance < normalized.Length ? best : null;
    }

    /// <summary>Text for the end of a message: <c> (did you mean 'x'?)</c>, or empty.</summary>
    public static string DidYouMean(string text, IEnumerable<string> candidates) =>
        Closest(text, candidates) is { } best ? $" (did you mean '{best}'?)" : string.Empty;

    // Optimal string alignment distance: Levenshtein plus transposition of adjacent letters,
    // the commonest typing slip ("hodl-time").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }

                d[i, j] = value;
            }
        }

        return d[a.Length, b.Length];
    }
}
