using System.Net;
using Evpnd.Daemon.Config;
using Evpnd.Evpn;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Worker;
using Evpnd.KernelSync;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Hosting;

/// <summary>From the checked configuration to the EVPN engine's own types.</summary>
internal static class EvpnConfigMapping
{
    public static EvpnEngineOptions EngineOptions(EvpndConfig config, TimeProvider time, ILogger? logger = null) => new()
    {
        RemoteMacLimit = config.Limits.RemoteMacs,
        RemoteMacLimitChanged = logger is null ? null : status => LogRemoteMacLimit(logger, status),
        RouterId = config.Bgp.RouterId,
        LocalAs = config.Bgp.LocalAs,
        RouteTargetAutoForm = config.Evpn.RtAutoForm,
        WildcardImport = config.Evpn.ImportWildcardAs,
        Flooding = config.Evpn.Flooding,
        DuplicateDetection = new DuplicateAddressDetectionOptions
        {
            Enabled = config.Evpn.Dad.Enabled,
            MaxMoves = config.Evpn.Dad.MaxMoves,
            Window = TimeSpan.FromSeconds(config.Evpn.Dad.Window),
            Freeze = config.Evpn.Dad.Freeze,
            FreezeTime = TimeSpan.FromSeconds(config.Evpn.Dad.FreezeTime),
        },
        TimeProvider = time,
        // RD indexes survive restarts so that a VNI keeps its RD (router-id:index).
        RdIndexStore = new FileRdIndexStore(Path.Combine(config.StateDir, "rd-index")),
        // So are the sequence numbers of local MACs that moved here (RFC 7432 s15).
        LocalSequenceStore = new FileLocalSequenceStore(Path.Combine(config.StateDir, "local-mac-sequences")),
    };

    /// <summary>The EVPN worker's settings: the engine's, and the configured VNIs with their static hosts.</summary>
    public static EvpnWorkerOptions WorkerOptions(EvpndConfig config, TimeProvider time, ILogger logger) => new()
    {
        Engine = EngineOptions(config, time, logger),
        AdvertiseAllVni = config.Evpn.AdvertiseAllVni,
        MissingPrivilege = Privileges.MissingNetAdmin,
        Vnis = ConfiguredVnis(config),
    };

    /// <summary>The configuration's VNIs as the EVPN worker serves them (at start and on a reload).</summary>
    public static IReadOnlyList<ConfiguredVni> ConfiguredVnis(EvpndConfig config) =>
        [.. config.Evpn.Vnis.Select(v => new ConfiguredVni(new Vni(v.Vni))
        {
            LocalVtep = v.LocalVtep,
            // The VTEP is the one in use when served (configured, or the device's).
            Settings = LocalVni(v.Vni, v.LocalVtep ?? IPAddress.Any, v, config),
            StaticHosts = [.. v.Macs.Select(m => new StaticHost(MacAddress.Parse(m.Mac), m.Ip))],
        })];

    private static void LogRemoteMacLimit(ILogger logger, RemoteMacLimitStatus status)
    {
        if (status.Refused > 0)
        {
            logger.LogWarning("EVPN: limits.remote-macs {Limit} reached: further remote MACs are not installed into the kernel (counted in `evpnd show evpn vni`)", status.Limit);
        }
        else
        {
            logger.LogInformation("EVPN: below limits.remote-macs {Limit} again ({Installed} installed); every remote MAC is installed, {Total} were held back for a while", status.Limit, status.Installed, status.RefusedTotal);
        }
    }

    /// <summary>A VNI served with <paramref name="vtep"/>; RD and RTs from its configuration when it has one, else auto.</summary>
    public static LocalVni LocalVni(uint vni, IPAddress vtep, VniConfig? configured, EvpndConfig config)
    {
        var local = new LocalVni(new Vni(vni), vtep);
        if (configured is null)
        {
            return local;
        }
        var rfc8365 = config.Evpn.RtAutoForm == RouteTargetAutoForm.Rfc8365;
        return local with
        {
            Rd = configured.Rd == RdRtSyntax.Auto ? null : RouteDistinguisher.Parse(configured.Rd),
            Flooding = configured.Flooding,
            // An explicit list that is only "auto" is the engine's own default (empty).
            ImportRouteTargets = configured.ImportRouteTargets is [RdRtSyntax.Auto]
                ? []
                : [.. configured.ImportRouteTargets.Select(rt => rt == RdRtSyntax.Auto ? AutoImport(vni, config) : ImportRouteTarget.Parse(rt))],
            ExportRouteTargets = configured.ExportRouteTargets is [RdRtSyntax.Auto]
                ? []
                : [.. configured.ExportRouteTargets.Select(rt => rt == RdRtSyntax.Auto ? RouteTarget.AutoDerived(config.Bgp.LocalAs, new Vni(vni), rfc8365) : RouteTarget.Parse(rt))],
        };
    }

    /// <summary>
    /// An <c>auto</c> written next to other import targets means what the engine's default means:
    /// any AS with import-wildcard-as, else exactly the target we export.
    /// </summary>
    private static ImportRouteTarget AutoImport(uint vni, EvpndConfig config) => config.Evpn.ImportWildcardAs
        ? ImportRouteTarget.AutoDerived(new Vni(vni))
        : ImportRouteTarget.ExactlyThis(RouteTarget.AutoDerived(config.Bgp.LocalAs, new Vni(vni), config.Evpn.RtAutoForm == RouteTargetAutoForm.Rfc8365));
}
