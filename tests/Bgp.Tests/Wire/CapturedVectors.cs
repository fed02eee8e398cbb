namespace Evpnd.Bgp.Tests.Wire;

/// <summary>Reads the captured FRR/GoBGP sessions copied next to the test assembly.</summary>
internal static class CapturedVectors
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static IReadOnlyList<CapturedMessage> All { get; } = Load();

    private static List<CapturedMessage> Load()
    {
        var messages = new List<CapturedMessage>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return messages;
        }
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.hex").Order())
        {
            string? comment = null;
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith('#'))
                {
                    comment = line;
                    continue;
                }
                if (string.IsNullOrWhiteSpace(line) || comment is null)
                {
                    continue;
                }
                // "# <n> <direction> <TYPE> [tcp-stream S] description"
                var parts = comment.Split(' ', 5);
                messages.Add(new CapturedMessage(Path.GetFileName(path), int.Parse(parts[1]), parts[2], parts[3],
                    parts.Length > 4 ? parts[4] : "", WireBytes.Hex(line)));
                comment = null;
            }
        }
        return messages;
    }
}
