using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>A MAC learned on a local port (or configured), with the IPs seen behind it.</summary>
internal sealed class LocalMac
{
    public HashSet<IpAddressValue> Ips { get; } = [];

    public bool Sticky { get; set; }

    /// <summary>The MAC Mobility sequence we advertise (RFC 7432 s15.1).</summary>
    public uint Sequence { get; set; }
}
