using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>A MAC learned on a local port (or configured).</summary>
internal sealed class LocalMac
{
    /// <summary>IPs given with the MAC (configuration, CLI); the kernel's neighbours are kept per VNI.</summary>
    public HashSet<IpAddressValue> Ips { get; } = [];

    public bool Sticky { get; set; }

    /// <summary>The MAC Mobility sequence we advertise (RFC 7432 s15.1).</summary>
    public uint Sequence { get; set; }
}
