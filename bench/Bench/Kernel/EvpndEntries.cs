using System.Net;
using Evpnd.KernelSync;

namespace Evpnd.Bench.Kernel;

/// <summary>The benchmark's MACs as the EVPN side hands them to KernelSync (built before any clock starts).</summary>
internal static class EvpndEntries
{
    public static RemoteMacEntry[] Build(VxlanDevice device, int count)
    {
        var vtep = IPAddress.Parse(BenchMacs.RemoteVtep);
        var entries = new RemoteMacEntry[count];
        Span<byte> mac = stackalloc byte[6];
        for (var i = 0; i < count; i++)
        {
            BenchMacs.Write(i, mac);
            entries[i] = new RemoteMacEntry(device.VxlanIfindex, device.BridgeIfindex, MacAddress.Read(mac), vtep);
        }

        return entries;
    }
}
