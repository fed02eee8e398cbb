using System.Diagnostics;
using System.Text;

namespace Evpnd.Bench.Kernel;

/// <summary>
/// Writer (a), what an operator would script: an iproute2 <c>bridge -batch</c> file with FRR's
/// two entries per MAC (REFERENCE.md: "MAC dev vxlan100 dst VTEP self extern_learn" plus
/// "MAC dev vxlan100 master extern_learn"). <c>dynamic</c> makes the VXLAN half NUD_REACHABLE,
/// as evpnd and writer (b) install it (without it iproute2 assumes permanent). iproute2 sends
/// one request per line and waits for its ACK. The file is written before the clock starts.
/// </summary>
internal sealed class BridgeBatchWriter
{
    public WriterResult Install(VxlanDevice device, int count) =>
        Run(device, count, (mac, lines) =>
        {
            lines.Append("fdb replace ").Append(mac).Append(" dev ").Append(device.VxlanName)
                .Append(" dst ").Append(BenchMacs.RemoteVtep).Append(" self dynamic extern_learn\n");
            lines.Append("fdb replace ").Append(mac).Append(" dev ").Append(device.VxlanName).Append(" master extern_learn\n");
        });

    public WriterResult Remove(VxlanDevice device, int count) =>
        Run(device, count, (mac, lines) =>
        {
            lines.Append("fdb del ").Append(mac).Append(" dev ").Append(device.VxlanName).Append(" master\n");
            lines.Append("fdb del ").Append(mac).Append(" dev ").Append(device.VxlanName).Append(" self\n");
        });

    private static WriterResult Run(VxlanDevice device, int count, Action<string, StringBuilder> lines)
    {
        var file = Path.Combine(Path.GetTempPath(), $"evpnd-bench-{Environment.ProcessId}.batch");
        try
        {
            using (var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20))
            {
                var text = new StringBuilder();
                for (var i = 0; i < count; i++)
                {
                    text.Clear();
                    lines(BenchMacs.Text(i), text);
                    writer.Write(text);
                }
            }

            var watch = Stopwatch.StartNew();
            var start = new ProcessStartInfo("bridge") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "-force", "-n", device.Namespace, "-batch", file })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bridge");
            ChildProcesses.Add(process);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            ChildProcesses.Remove(process);
            var elapsed = watch.Elapsed;
            _ = stdout.Result;
            var failures = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("RTNETLINK", StringComparison.Ordinal));
            var firstError = process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {stderr.Split('\n').FirstOrDefault()}";
            return new WriterResult(elapsed, failures, firstError);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
