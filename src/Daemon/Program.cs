using System.Text.Json;
using Evpnd.Bgp.Session;
using Evpnd.Daemon.Cli;
using Evpnd.Daemon.Control;
using Evpnd.Daemon.Hosting;

namespace Evpnd.Daemon;

public static class Program
{
    public const int ExitUsage = 64; // EX_USAGE, sysexits(3)

    public static async Task<int> Main(string[] args)
    {
        switch (CommandLine.Parse(args))
        {
            case PrintCommand print:
                Console.Out.Write(print.Text);
                return 0;
            case UsageError usage:
                Console.Error.WriteLine($"evpnd: {usage.Error}");
                Console.Error.WriteLine($"Try '{(usage.HelpCommand.Length > 0 ? $"evpnd {usage.HelpCommand}" : "evpnd")} --help'.");
                return ExitUsage;
            case RunCommand run:
                return await DaemonRunner.RunAsync(run.ConfigPath, run.LogFormat, Console.Error).ConfigureAwait(false);
            case ControlCommand control:
                return await RunControlAsync(control).ConfigureAwait(false);
            default:
                return ExitUsage;
        }
    }

    private static async Task<int> RunControlAsync(ControlCommand command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        ControlResponse response;
        try
        {
            response = await ControlClient.SendAsync(
                command.SocketPath ?? ControlProtocol.DefaultSocketPath,
                new ControlRequest(command.Name, new Dictionary<string, string>(command.Arguments)),
                timeout.Token).ConfigureAwait(false);
        }
        catch (ControlException e)
        {
            Console.Error.WriteLine($"evpnd: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("evpnd: the daemon did not answer within 10 s");
            return 1;
        }

        if (!response.Ok || response.Result is not { } result)
        {
            Console.Error.WriteLine($"evpnd: {response.Error ?? "no result"}");
            return 1;
        }
        if (command.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, ControlJsonContext.Indented.JsonElement));
            return 0;
        }
        Console.Write(command.Name switch
        {
            "show neighbors" => NeighborFormatter.Summary(result.Deserialize(ControlJsonContext.Default.NeighborSummary)!),
            "show neighbor" => NeighborFormatter.Detail(result.Deserialize(ControlJsonContext.Default.NeighborStatus)!),
            "show evpn vni" => EvpnFormatter.Vnis(result.Deserialize(ControlJsonContext.Default.VniList)!),
            "show evpn flood" => EvpnFormatter.Flood(result.Deserialize(ControlJsonContext.Default.FloodList)!),
            "show kernel" => KernelFormatter.Kernel(result.Deserialize(ControlJsonContext.Default.KernelList)!),
            "clear neighbor" => result.Deserialize(ControlJsonContext.Default.NeighborClearResult)!.Text() + "\n",
            "show evpn macs" or "evpn mac add" or "evpn mac del" => EvpnFormatter.Macs(result.Deserialize(ControlJsonContext.Default.MacList)!),
            "show evpn routes" => EvpnFormatter.Routes(result.Deserialize(ControlJsonContext.Default.RouteList)!),
            "show evpn duplicates" => EvpnFormatter.Duplicates(result.Deserialize(ControlJsonContext.Default.MacList)!),
            "clear evpn duplicate" => EvpnFormatter.Cleared(result.Deserialize(ControlJsonContext.Default.DuplicateClearResult)!),
            "reload" => $"reloaded: {result.Deserialize(ControlJsonContext.Default.ReloadResult)!.Summary()}\n",
            "log-level" => result.Deserialize(ControlJsonContext.Default.LogLevelResult) is { } level ? $"log level {level.Level} (was {level.Previous})\n" : "",
            _ => JsonSerializer.Serialize(result, ControlJsonContext.Indented.JsonElement) + "\n",
        });
        return 0;
    }
}
