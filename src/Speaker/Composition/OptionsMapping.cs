using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Evpnd.Bgp.Session;
using Evpnd.Evpn;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evpnd.Composition;

/// <summary>From the public <see cref="EvpnSpeakerOptions"/> to the engines' settings; a setting to fix is one <see cref="ArgumentException"/>.</summary>
internal static class OptionsMapping
{
    public static EvpnSpeakerSettings Settings(EvpnSpeakerOptions options, IReadOnlyDictionary<Vni, LocalHostList> hosts)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RouterId.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"RouterId {options.RouterId} is not an IPv4 address; set it to one (the VTEP address is the usual choice)", nameof(options));
        }
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            throw new ArgumentException("StateDirectory is empty; set it to a directory the speaker may write", nameof(options));
        }
        if (options.RestartTime > GracefulRestartConfig.MaxRestartTime)
        {
            throw new ArgumentException($"RestartTime {options.RestartTime} is above {GracefulRestartConfig.MaxRestartTime} s (RFC 4724: 12 bits); lower it", nameof(options));
        }
        Directory.CreateDirectory(options.StateDirectory);
        var routerId = BinaryPrimitives.ReadUInt32BigEndian(options.RouterId.GetAddressBytes());
        var time = options.TimeProvider ?? TimeProvider.System;
        var seen = new HashSet<uint>();
        List<ConfiguredVni> vnis = [];
        foreach (var v in options.Vnis)
        {
            if (v.Vni is 0 or > Vni.MaxValue)
            {
                throw new ArgumentException($"VNI {v.Vni} is outside 1..{Vni.MaxValue}; use a VNI in that range", nameof(options));
            }
            if (!seen.Add(v.Vni))
            {
                throw new ArgumentException($"VNI {v.Vni} is listed twice in Vnis; list it once", nameof(options));
            }
            var vtep = v.LocalVtep ?? options.LocalVtep;
            if (vtep is null && !options.KernelSync)
            {
                throw new ArgumentException($"VNI {v.Vni} has no VTEP address and kernel sync is off (no VXLAN device to take it from); set LocalVtep", nameof(options));
            }
            vnis.Add(new ConfiguredVni(new Vni(v.Vni))
            {
                LocalVtep = vtep,
                Settings = LocalVni(v, vtep ?? IPAddress.Any),
                StaticHosts = hosts[new Vni(v.Vni)],
            });
        }

        var neighbors = options.Neighbors.Select(n => new PeerConfig
        {
            Address = n.Address,
            RemoteAsKind = n.RemoteAs is null ? RemoteAsKind.Internal : RemoteAsKind.Number,
            RemoteAs = n.RemoteAs ?? 0,
            Passive = n.Passive,
            HoldTime = n.HoldTime is > 0 and < 3 ? throw new ArgumentException($"neighbor {n.Address}: HoldTime {n.HoldTime} is not 0 or 3..65535 (RFC 4271 s4.2); change it", nameof(options)) : n.HoldTime,
            ConnectRetry = n.ConnectRetry,
            Port = n.Port,
            LocalAddress = n.LocalAddress,
            GracefulRestart = options.GracefulRestart,
        });
        return new EvpnSpeakerSettings
        {
            Bgp = new SpeakerConfig
            {
                RouterId = routerId,
                LocalAs = options.LocalAs,
                Listen = options.Listen,
                Neighbors = [.. neighbors],
                GracefulRestart = new GracefulRestartConfig { Enabled = options.GracefulRestart, RestartTime = options.RestartTime },
            },
            Evpn = new EvpnWorkerOptions
            {
                Engine = new EvpnEngineOptions
                {
                    RouterId = routerId,
                    LocalAs = options.LocalAs,
                    TimeProvider = time,
                    // RD indexes survive restarts so that a VNI keeps its RD (router-id:index).
                    RdIndexStore = new FileRdIndexStore(Path.Combine(options.StateDirectory, "rd-index")),
                    // So are the sequence numbers of local MACs that moved here (RFC 7432 s15).
                    LocalSequenceStore = new FileLocalSequenceStore(Path.Combine(options.StateDirectory, "local-mac-sequences")),
                },
                Vnis = vnis,
            },
            KernelSync = options.KernelSync,
            StateDirectory = options.StateDirectory,
            TimeProvider = time,
            LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance,
        };
    }

    private static LocalVni LocalVni(EvpnVniOptions v, IPAddress vtep)
    {
        var vni = new Vni(v.Vni);
        try
        {
            return new LocalVni(vni, vtep)
            {
                Rd = v.RouteDistinguisher is null ? null : RouteDistinguisher.Parse(v.RouteDistinguisher),
                ImportRouteTargets = [.. v.ImportRouteTargets.Select(ImportRouteTarget.Parse)],
                ExportRouteTargets = [.. v.ExportRouteTargets.Select(RouteTarget.Parse)],
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"VNI {v.Vni}: {e.Message}", nameof(v), e);
        }
    }
}
