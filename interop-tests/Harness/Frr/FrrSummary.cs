using System.Net;

namespace Evpnd.Interop.Tests.Harness.Frr;

/// <summary>`show bgp l2vpn evpn summary json`: the peers active in the family, keyed by address.</summary>
public sealed record FrrSummary
{
    public string? RouterId { get; init; }

    public long As { get; init; }

    public Dictionary<string, FrrSummaryPeer> Peers { get; init; } = [];

    /// <summary>The peer with this address (compared as IP addresses), or null.</summary>
    public FrrSummaryPeer? FindPeer(string address)
    {
        IPAddress wanted = IPAddress.Parse(address);
        return Peers.FirstOrDefault(p => IPAddress.TryParse(p.Key, out IPAddress? a) && a.Equals(wanted)).Value;
    }
}
