using System.Collections.Immutable;

namespace Evpnd.Bgp.Wire;

/// <summary>
/// OPEN (RFC 4271 s4.2). <see cref="MyAs"/> is the 2-byte field as sent (AS_TRANS 23456 when the
/// speaker's AS needs 4 bytes); <see cref="Asn"/> resolves it through the 4-octet AS capability.
/// </summary>
public sealed record OpenMessage(
    ushort MyAs,
    ushort HoldTime,
    uint BgpIdentifier,
    ImmutableArray<Capability> Capabilities,
    byte Version = 4) : BgpMessage
{
    public const ushort AsTrans = 23456;

    public override BgpMessageType Type => BgpMessageType.Open;

    /// <summary>
    /// How many capabilities each Capabilities optional parameter held on the wire (GoBGP sends one
    /// parameter per capability, FRR one for all). Empty means one parameter for all; kept so that a
    /// decoded OPEN re-encodes byte for byte. Not part of equality.
    /// </summary>
    public ImmutableArray<int> CapabilitiesPerParameter { get; init; } = [];

    /// <summary>The optional parameters use the RFC 9072 extended length form. Not part of equality.</summary>
    public bool UsesExtendedParameters { get; init; }

    /// <summary>The speaker's AS: the 4-octet AS capability if present, else My AS.</summary>
    public uint Asn
    {
        get
        {
            foreach (var c in Capabilities)
            {
                if (c is FourOctetAsCapability four)
                {
                    return four.Asn;
                }
            }
            return MyAs;
        }
    }

    public bool Has<T>() where T : Capability
    {
        foreach (var c in Capabilities)
        {
            if (c is T)
            {
                return true;
            }
        }
        return false;
    }

    public IEnumerable<AfiSafi> Families =>
        Capabilities.OfType<MultiprotocolCapability>().Select(m => m.Family);

    public bool Equals(OpenMessage? other) =>
        other is not null && MyAs == other.MyAs && HoldTime == other.HoldTime &&
        BgpIdentifier == other.BgpIdentifier && Version == other.Version &&
        Capabilities.SequenceEqual(other.Capabilities);

    public override int GetHashCode() => HashCode.Combine(MyAs, HoldTime, BgpIdentifier, Version);
}
