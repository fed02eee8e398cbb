namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>One VXLAN packet on the underlay: outer addresses, VNI, and the target of an inner ARP request.</summary>
public sealed record VxlanPacket(string Source, string Destination, int Vni, string? ArpTarget)
{
    public override string ToString() => $"{Source}->{Destination} vni {Vni}{(ArpTarget is null ? "" : $" arp who-has {ArpTarget}")}";
}
