using System.Diagnostics;
using System.Globalization;
using System.Net;
using Evpnd.Bgp.Rib;
using Evpnd.Bgp.Wire;
using Evpnd.Evpn;
using Evpnd.Evpn.Instances;
using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Bench.Evpn;

/// <summary>
/// `evpnd-bench evpn-engine [--routes N] [--mac-ip]`: N remote MAC-only type-2 routes (100 VTEPs,
/// one attribute set per VTEP, one local VNI importing them all) fed to <see cref="EvpnEngine"/>
/// as the RIB hands them over, one <see cref="BestPathChange"/> per route, in batches of 100 (one
/// UPDATE's worth); with --mac-ip every other route is the MAC+IP route of the MAC before it (an
/// IPv4 host behind each MAC, as FRR advertises hosts it resolved). The NLRI arrays stand for the
/// RIB's memory and are built before the clock starts. Per pass: time per route, bytes allocated
/// per route on the engine's thread, and the engine's live heap per route (GC.GetTotalMemory
/// after a full collection, beside an engine that holds nothing).
/// </summary>
internal static class EvpnEngineBenchmark
{
    private const int Vteps = 100;
    private const int Batch = 100;
    private const double TargetHeldPerRoute = 60;

    public static int Run(int routes, bool macIp)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Console.WriteLine(macIp
            ? $"{routes:N0} type-2 routes from {Vteps} VTEPs into VNI 100, {Batch} per batch: {routes / 2:N0} MACs, each with its MAC-only and its MAC+IP route"
            : $"{routes:N0} MAC-only type-2 routes from {Vteps} VTEPs into VNI 100, {Batch} per batch");

        // Warm-up on a tenth: the JIT compiles the hot paths before the runs that count.
        Measure(BuildInput(Math.Max(2 * Vteps, routes / 10), macIp), print: false);
        Measure(BuildInput(routes, macIp), print: true);
        return 0;
    }

    private static void Measure(Input input, bool print)
    {
        var sink = new CountingSink();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        var engine = new EvpnEngine(
            new EvpnEngineOptions { RouterId = 0x0A00_0001, LocalAs = 65001 },
            new DiscardingOriginator(),
            sink);
        engine.AddOrUpdateLocalVni(new LocalVni(new Vni(100), IPAddress.Parse("10.0.0.1")));

        var rows = new List<string>();
        var add = Pass(engine, input, BestPathChangeKind.Added);
        long heldAfterAdd = GC.GetTotalMemory(forceFullCollection: true);
        rows.Add(Row("add (tables grow)", input.Count, add, heldAfterAdd - heldBefore, sink.TakeCount()));
        var same = Pass(engine, input, BestPathChangeKind.Replaced);
        rows.Add(Row("re-advertise, unchanged", input.Count, same, null, sink.TakeCount()));
        var withdraw = Pass(engine, input, BestPathChangeKind.Withdrawn);
        long heldAfterWithdraw = GC.GetTotalMemory(forceFullCollection: true);
        rows.Add(Row("withdraw", input.Count, withdraw, heldAfterWithdraw - heldBefore, sink.TakeCount()));
        var again = Pass(engine, input, BestPathChangeKind.Added);
        long heldAfterAgain = GC.GetTotalMemory(forceFullCollection: true);
        rows.Add(Row("add again (steady state)", input.Count, again, heldAfterAgain - heldBefore, sink.TakeCount()));
        GC.KeepAlive(engine);
        if (!print)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"{"pass",-26} {"routes",10} {"s",7} {"ns/route",9} {"alloc B/route",14} {"held B/route",13} {"intents",10}");
        rows.ForEach(Console.WriteLine);
        double held = (double)(heldAfterAdd - heldBefore) / input.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target (issue 9): held <= {TargetHeldPerRoute} B/route: {(held <= TargetHeldPerRoute ? "met" : "NOT met")} ({held:F1}); no allocation per route at steady state: {(again.Allocated < input.Count ? "met" : "NOT met")} ({(double)again.Allocated / input.Count:F1} B/route)"));
    }

    private static (TimeSpan Elapsed, long Allocated) Pass(EvpnEngine engine, Input input, BestPathChangeKind kind)
    {
        var changes = new BestPathChange[Batch];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (int first = 0; first < input.Count; first += Batch)
        {
            int count = Math.Min(Batch, input.Count - first);
            for (int i = 0; i < count; i++)
            {
                int route = first + i;
                int vtep = input.Vtep(route);
                changes[i] = kind == BestPathChangeKind.Withdrawn
                    ? new BestPathChange
                    {
                        Kind = kind,
                        Family = AfiSafi.L2vpnEvpn,
                        Nlri = input.Nlri[route],
                        PreviousAttributes = input.Attributes[vtep],
                        PreviousNextHop = input.NextHops[vtep],
                        PreviousNlri = input.Nlri[route],
                    }
                    : new BestPathChange
                    {
                        Kind = kind,
                        Family = AfiSafi.L2vpnEvpn,
                        Nlri = input.Nlri[route],
                        Attributes = input.Attributes[vtep],
                        NextHop = input.NextHops[vtep],
                        Peer = input.Peer,
                    };
            }
            foreach (ref readonly var change in changes.AsSpan(0, count))
            {
                engine.RemoteRouteChanged(in change);
            }
        }
        var elapsed = watch.Elapsed;
        return (elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Row(string name, int routes, (TimeSpan Elapsed, long Allocated) pass, long? held, long intents) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {routes,10:N0} {pass.Elapsed.TotalSeconds,7:F3} {pass.Elapsed.TotalNanoseconds / routes,9:F0} {(double)pass.Allocated / routes,14:F1} {(held is { } h ? ((double)h / routes).ToString("F1", CultureInfo.InvariantCulture) : "-"),13} {intents,10:N0}");

    /// <summary>RD = VTEP:2 (FRR's auto form), MAC 02:00:00:00:00:00 + i, label 100, RT 65002:100 with the VXLAN encapsulation.</summary>
    private static Input BuildInput(int routes, bool macIp)
    {
        var interner = new AttributeSetInterner();
        var nextHops = new ReadOnlyMemory<byte>[Vteps];
        var attributes = new PathAttributeSet[Vteps];
        var rds = new RouteDistinguisher[Vteps];
        for (int v = 0; v < Vteps; v++)
        {
            var vtep = new IPAddress([10, 1, (byte)(v >> 8), (byte)(v + 1)]);
            nextHops[v] = vtep.GetAddressBytes();
            rds[v] = RouteDistinguisher.FromIpv4(vtep, 2);
            // One set per VTEP, as iBGP through a route reflector (ORIGINATOR_ID) or eBGP (AS_PATH) gives.
            attributes[v] = interner.Intern(new PathAttribute[]
            {
                new OriginAttribute(Origin.Igp),
                AsPathAttribute.Sequence(65100u + (uint)v),
                new ExtendedCommunitiesAttribute(
                [
                    RouteTarget.Parse("65002:100").ToExtendedCommunity(),
                    EncapsulationCommunity.VxlanEncapsulation.ToExtendedCommunity(),
                ]),
            });
        }
        int step = macIp ? 2 : 1;
        var nlri = new ReadOnlyMemory<byte>[routes];
        for (int i = 0; i < routes; i++)
        {
            int host = i / step;
            var ip = macIp && i % 2 == 1 ? IpAddressValue.Read([10, (byte)(host >> 16), (byte)(host >> 8), (byte)host]) : IpAddressValue.None;
            nlri[i] = new MacIpAdvertisementRoute(rds[host % Vteps], EthernetSegmentId.Zero, new EthernetTag(0),
                new MacAddress(0x0200_0000_0000UL + (ulong)host), ip, 100).Encode();
        }
        return new Input(nlri, nextHops, attributes, IPAddress.Parse("10.255.0.1"), step);
    }

    private sealed record Input(ReadOnlyMemory<byte>[] Nlri, ReadOnlyMemory<byte>[] NextHops, PathAttributeSet[] Attributes, IPAddress Peer, int RoutesPerMac)
    {
        public int Count => Nlri.Length;

        /// <summary>The VTEP of a route: a MAC's routes all come from one.</summary>
        public int Vtep(int route) => route / RoutesPerMac % Vteps;
    }

    private sealed class CountingSink : IDataplaneIntentSink
    {
        private long _count;

        public void Add(in DataplaneIntent intent) => _count++;

        public long TakeCount()
        {
            long count = _count;
            _count = 0;
            return count;
        }
    }

    private sealed class DiscardingOriginator : IEvpnRouteOriginator
    {
        public void Originate(ReadOnlyMemory<byte> nlri, ReadOnlyMemory<byte> nextHop, IReadOnlyList<PathAttribute> attributes)
        {
        }

        public void Withdraw(ReadOnlyMemory<byte> nlri)
        {
        }
    }
}
