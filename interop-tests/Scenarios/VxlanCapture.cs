using System.Globalization;
using Evpnd.Interop.Tests.Harness;

namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>
/// tshark on one underlay interface, printing one line per VXLAN packet (UDP 4789) as it is seen:
/// outer source and destination, VNI, and for an inner ARP request its target address. Reading
/// tshark's line-buffered output avoids both a capture file being flushed late and sleeping.
/// </summary>
public sealed class VxlanCapture
{
    private readonly DaemonProcess _tshark;

    private VxlanCapture(string device, DaemonProcess tshark)
    {
        Device = device;
        _tshark = tshark;
    }

    public string Device { get; }

    /// <summary>Starts tshark in the namespace and waits until it says it is capturing.</summary>
    public static async Task<VxlanCapture> StartAsync(Lab lab, Netns ns, string device)
    {
        if (Prerequisites.FindOnPath("tshark") is null)
        {
            Assert.Fail("This test counts VXLAN packets with tshark, which is not on PATH: apt-get install tshark");
        }

        DaemonProcess tshark = lab.StartDaemon(ns, $"tshark-{device}",
        [
            "tshark", "-l", "-n", "-i", device, "-f", "udp port 4789", "-T", "fields", "-E", "separator=,",
            "-e", "ip.src", "-e", "ip.dst", "-e", "vxlan.vni", "-e", "arp.opcode", "-e", "arp.dst.proto_ipv4",
        ]);
        await tshark.WaitForLogLineAsync(line => line.Contains("Capturing on", StringComparison.Ordinal), "'Capturing on'");
        return new VxlanCapture(device, tshark);
    }

    /// <summary>Every VXLAN packet seen so far.</summary>
    public IReadOnlyList<VxlanPacket> Packets
    {
        get
        {
            List<VxlanPacket> packets = [];
            foreach (string stamped in _tshark.LogLines)
            {
                // DaemonProcess prefixes "HH:mm:ss.fff "; tshark's own messages have no commas.
                string line = stamped.Length > 13 ? stamped[13..] : "";
                string[] fields = line.Split(',');
                if (fields.Length == 5 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int vni))
                {
                    packets.Add(new VxlanPacket(fields[0], fields[1], vni, fields[3] == "1" ? fields[4] : null));
                }
            }

            return packets;
        }
    }

    /// <summary>The ARP requests for a target address, as VXLAN packets seen on this interface.</summary>
    public IReadOnlyList<VxlanPacket> ArpRequestsFor(string target) => [.. Packets.Where(p => p.ArpTarget == target)];

    /// <summary>Waits until at least <paramref name="count"/> ARP requests for the target went by.</summary>
    public Task WaitForArpRequestsAsync(string target, int count) =>
        Poll.UntilAsync(
            () => Task.FromResult(ArpRequestsFor(target)),
            packets => packets.Count >= count,
            $"{count} VXLAN-encapsulated ARP request(s) for {target} on {Device}",
            describe: packets => $"{packets.Count}: {string.Join("; ", Packets)}");
}
