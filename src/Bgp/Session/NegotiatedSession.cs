using System.Collections.Immutable;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// What both OPENs agreed on (RFC 4271 s4.2, RFC 5492 capabilities). Computed when the peer's
/// OPEN is accepted and handed to the RIB when the session reaches Established.
/// </summary>
public sealed record NegotiatedSession
{
    public required uint LocalAs { get; init; }
    public required uint PeerAs { get; init; }
    public required uint LocalRouterId { get; init; }
    public required uint PeerRouterId { get; init; }

    /// <summary>min(ours, peer's) in seconds; 0 means no hold timer and no KEEPALIVEs.</summary>
    public required ushort HoldTime { get; init; }

    /// <summary>Seconds between our KEEPALIVEs; 0 when <see cref="HoldTime"/> is 0.</summary>
    public required ushort KeepaliveTime { get; init; }

    /// <summary>Families both sides announced in multiprotocol capabilities (RFC 4760 s8).</summary>
    public required ImmutableArray<AfiSafi> Families { get; init; }

    /// <summary>Both sides support 4-octet AS numbers (RFC 6793): AS_PATH is 4-byte on the wire.</summary>
    public bool FourOctetAs { get; init; }
    public bool RouteRefresh { get; init; }
    public bool EnhancedRouteRefresh { get; init; }

    /// <summary>Both sides announced RFC 8654: messages other than OPEN/KEEPALIVE may be 65535 bytes.</summary>
    public bool ExtendedMessage { get; init; }

    /// <summary>The peer's graceful restart capability as parsed.</summary>
    public GracefulRestartCapability? PeerGracefulRestart { get; init; }

    /// <summary>Both sides sent the Graceful Restart capability (RFC 4724): the peer's routes outlive a session that drops.</summary>
    public bool GracefulRestart { get; init; }

    /// <summary>Both sides set the N bit (RFC 8538): a NOTIFICATION other than Hard Reset keeps Graceful Restart going.</summary>
    public bool GracefulNotification { get; init; }

    /// <summary>The peer keeps forwarding for <paramref name="family"/> across its restart (F bit, RFC 4724 s3).</summary>
    public bool PeerPreservesForwarding(AfiSafi family)
    {
        if (PeerGracefulRestart is not { } gr)
        {
            return false;
        }
        foreach (var f in gr.Families)
        {
            if (f.Family == family)
            {
                return f.ForwardingPreserved;
            }
        }
        return false;
    }

    /// <summary>The peer listed <paramref name="family"/> in its Graceful Restart capability: its routes of it are retained.</summary>
    public bool PeerRestartsGracefully(AfiSafi family) =>
        GracefulRestart && PeerGracefulRestart!.Families.Any(f => f.Family == family);

    /// <summary>The peer's OPEN as received.</summary>
    public required OpenMessage PeerOpen { get; init; }

    /// <summary>iBGP when the peer is in our AS.</summary>
    public bool IsInternal => PeerAs == LocalAs;

    public int MaxMessageLength => ExtendedMessage ? BgpHeader.MaxExtendedMessageLength : BgpHeader.MaxMessageLength;

    public bool Equals(NegotiatedSession? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
