using Evpnd.Evpn.Wire;
using Evpnd.KernelSync;

namespace Evpnd.Evpn.Instances;

/// <summary>One remote type-3 route (a handful per VTEP: kept as an object), imported or not.</summary>
internal sealed class InclusiveMulticastRecord
{
    public InclusiveMulticastRecord(InclusiveMulticastKey key, int attributes, int source, IpAddressValue floodVtep)
    {
        Key = key;
        Attributes = attributes;
        Source = source;
        FloodVtep = floodVtep;
    }

    public InclusiveMulticastKey Key { get; }

    public int Attributes { get; }

    public int Source { get; }

    /// <summary>The VTEP to replicate BUM traffic to, or none when the tunnel is not ingress replication.</summary>
    public IpAddressValue FloodVtep { get; }

    /// <summary>The local VNIs it is imported into.</summary>
    public List<VniInstance> ImportedInto { get; } = [];

    public InclusiveMulticastRoute ToRoute() => new(Key.Rd, Key.EthernetTag, Key.OriginatingRouter);
}
