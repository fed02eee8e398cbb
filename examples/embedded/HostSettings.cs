using System.Globalization;
using System.Net;

namespace Evpnd.Examples.Embedded;

/// <summary>
/// The example host's command line:
/// <c>--asn N --router-id A.B.C.D [--vtep ADDR] --neighbor ADDR[,AS] ... --vni N --registry FILE --state-dir DIR [--listen-port N] [--no-kernel-sync]</c>.
/// A neighbor without an AS is iBGP (the local AS).
/// </summary>
internal sealed record HostSettings
{
    public required uint Asn { get; init; }

    public required IPAddress RouterId { get; init; }

    public IPAddress? Vtep { get; init; }

    public required IReadOnlyList<(IPAddress Address, uint? As)> Neighbors { get; init; }

    public required uint Vni { get; init; }

    public required string RegistryPath { get; init; }

    public required string StateDirectory { get; init; }

    public int ListenPort { get; init; } = 179;

    public bool KernelSync { get; init; } = true;

    /// <exception cref="FormatException">An argument is missing or wrong; the message says which.</exception>
    public static HostSettings Parse(IReadOnlyList<string> args)
    {
        uint? asn = null, vni = null;
        IPAddress? routerId = null, vtep = null;
        string? registry = null, stateDir = null;
        var port = 179;
        var kernel = true;
        List<(IPAddress, uint?)> neighbors = [];
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--asn": asn = uint.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--router-id": routerId = IPAddress.Parse(Value()); break;
                case "--vtep": vtep = IPAddress.Parse(Value()); break;
                case "--vni": vni = uint.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--registry": registry = Value(); break;
                case "--state-dir": stateDir = Value(); break;
                case "--listen-port": port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--no-kernel-sync": kernel = false; break;
                case "--neighbor":
                    var parts = Value().Split(',', 2);
                    neighbors.Add((IPAddress.Parse(parts[0]), parts.Length == 2 ? uint.Parse(parts[1], CultureInfo.InvariantCulture) : null));
                    break;
                default: throw new FormatException($"unknown argument '{args[i]}'");
            }
        }
        return new HostSettings
        {
            Asn = asn ?? throw new FormatException("--asn is required"),
            RouterId = routerId ?? throw new FormatException("--router-id is required"),
            Vtep = vtep,
            Neighbors = neighbors,
            Vni = vni ?? throw new FormatException("--vni is required"),
            RegistryPath = registry ?? throw new FormatException("--registry is required"),
            StateDirectory = stateDir ?? throw new FormatException("--state-dir is required"),
            ListenPort = port,
            KernelSync = kernel,
        };
    }

    /// <summary>The speaker's options: built in code, no configuration file of evpnd's.</summary>
    public EvpnSpeakerOptions SpeakerOptions(Microsoft.Extensions.Logging.ILoggerFactory loggers) => new()
    {
        LocalAs = Asn,
        RouterId = RouterId,
        LocalVtep = Vtep,
        Listen = new IPEndPoint(IPAddress.IPv6Any, ListenPort),
        Neighbors = [.. Neighbors.Select(n => new EvpnNeighborOptions { Address = n.Address, RemoteAs = n.As, HoldTime = 9, ConnectRetry = 2 })],
        Vnis = [new EvpnVniOptions { Vni = Vni }],
        KernelSync = KernelSync,
        StateDirectory = StateDirectory,
        LoggerFactory = loggers,
    };
}
