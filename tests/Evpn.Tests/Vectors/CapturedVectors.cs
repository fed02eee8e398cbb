using System.Globalization;

namespace Evpnd.Evpn.Tests.Vectors;

/// <summary>Loads tests/Vectors/*.hex (copied next to the test assembly) once.</summary>
internal static class CapturedVectors
{
    private static readonly Lazy<IReadOnlyList<CapturedMessage>> s_all = new(Load);

    public static IReadOnlyList<CapturedMessage> All => s_all.Value;

    public static IEnumerable<CapturedMessage> Updates => All.Where(m => m.Type == "UPDATE");

    /// <summary>
    /// The first message of <paramref name="file"/> sent in <paramref name="direction"/> whose
    /// tshark description contains every one of <paramref name="fragments"/>.
    /// </summary>
    public static CapturedMessage Find(string file, string direction, params string[] fragments)
    {
        var match = All.FirstOrDefault(m => m.File == file && m.Direction == direction &&
            fragments.All(f => m.Description.Contains(f, StringComparison.Ordinal)));
        Assert.That(match, Is.Not.Null, $"no {direction} message in {file} whose description has: {string.Join(" | ", fragments)}");
        return match!;
    }

    private static IReadOnlyList<CapturedMessage> Load()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Vectors");
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Captured vectors are missing: {directory} (tests/Vectors/*.hex should be copied there).");
        }
        var messages = new List<CapturedMessage>();
        foreach (var path in Directory.GetFiles(directory, "*.hex").Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileNameWithoutExtension(path);
            string? comment = null;
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith('#'))
                {
                    comment = line;
                    continue;
                }
                if (line.Length == 0 || comment is null)
                {
                    continue;
                }
                // "# <n> <direction> <TYPE> <description>"
                var parts = comment.Split(' ', 5);
                messages.Add(new CapturedMessage(
                    file,
                    int.Parse(parts[1], CultureInfo.InvariantCulture),
                    parts[2],
                    parts[3],
                    parts.Length > 4 ? parts[4] : "",
                    Convert.FromHexString(line)));
                comment = null;
            }
        }
        return messages;
    }
}
