using Evpnd.Bgp.Wire;

namespace Evpnd.Evpn.Tests.Vectors;

/// <summary>The EVPN-relevant pieces of a captured UPDATE, found with the BGP codec's reader.</summary>
internal sealed record EvpnUpdateParts(byte[]? ReachNlri, byte[]? UnreachNlri, ExtendedCommunity[] Communities, byte[]? Pmsi)
{
    public static EvpnUpdateParts Of(CapturedMessage message)
    {
        var reader = new UpdateReader(message.Bytes);
        Assert.That(reader.LengthsAreConsistent, Is.True, $"{message} is not a well-framed UPDATE");
        byte[]? reach = null;
        byte[]? unreach = null;
        if (reader.TryGetMpReach(out var r) && r.Family == AfiSafi.L2vpnEvpn)
        {
            reach = r.Nlri.ToArray();
        }
        if (reader.TryGetMpUnreach(out var u) && u.Family == AfiSafi.L2vpnEvpn)
        {
            unreach = u.Withdrawn.ToArray();
        }
        var communities = new List<ExtendedCommunity>();
        if (reader.TryGetAttribute((byte)PathAttributeType.ExtendedCommunities, out var ext))
        {
            for (int i = 0; i + 8 <= ext.Value.Length; i += 8)
            {
                communities.Add(ExtendedCommunity.Read(ext.Value[i..]));
            }
        }
        byte[]? pmsi = reader.TryGetAttribute((byte)PathAttributeType.PmsiTunnel, out var p) ? p.Value.ToArray() : null;
        return new EvpnUpdateParts(reach, unreach, [.. communities], pmsi);
    }
}
