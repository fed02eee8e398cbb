using System.Globalization;
using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.Operations;

/// <summary>One scrape of evpnd's Prometheus endpoint (from inside its namespace, with curl), by sample.</summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    private MetricsScrape(string text)
    {
        Text = text;
        foreach (string line in text.Split('\n'))
        {
            int space = line.LastIndexOf(' ');
            if (line.Length == 0 || line[0] == '#' || space < 0)
            {
                continue;
            }
            // "name{labels} value" or "name{labels} value timestamp"
            string[] parts = line.Split(' ');
            if (double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                _samples[parts[0]] = value;
            }
        }
    }

    public string Text { get; }

    public static async Task<MetricsScrape> GetAsync(Netns ns, int port)
    {
        CommandResult result = (await ns.ExecAsync("curl", "-sS", "--max-time", "5", $"http://127.0.0.1:{port}/metrics")).EnsureSuccess();
        return new MetricsScrape(result.Stdout);
    }

    /// <summary>The sample written exactly so (labels sorted by name, as the exporter writes them), or null.</summary>
    public double? this[string sample] => _samples.TryGetValue(sample, out double v) ? v : null;
}
