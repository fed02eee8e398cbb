using System.Buffers.Binary;
using System.Collections.Immutable;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>
/// The OPEN checks of RFC 4271 s6.2 that need our configuration, and the negotiation of the
/// session parameters. Pure functions: the FSM calls them, tests call them directly.
/// </summary>
internal static class OpenNegotiation
{
    public const byte SupportedVersion = 4;

    /// <summary>
    /// Returns the NOTIFICATION to answer <paramref name="open"/> with, or null if it is acceptable:
    /// version (2/1, data = the version we support), peer AS against remote-as / internal /
    /// external (2/2), BGP identifier 0, or equal to ours on iBGP (2/3, RFC 6286 s2.2), hold time
    /// 1 or 2 (2/6).
    /// </summary>
    public static NotificationMessage? Check(OpenMessage open, SessionSettings settings)
    {
        if (open.Version != SupportedVersion)
        {
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, SupportedVersion);
            return new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedVersionNumber, data);
        }
        var peerAs = open.Asn;
        var asOk = settings.Peer.RemoteAsKind switch
        {
            RemoteAsKind.Internal => peerAs == settings.LocalAs,
            RemoteAsKind.External => peerAs != settings.LocalAs,
            _ => peerAs == settings.Peer.RemoteAs,
        };
        if (!asOk)
        {
            return new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadPeerAs);
        }
        if (open.BgpIdentifier == 0 || (peerAs == settings.LocalAs && open.BgpIdentifier == settings.RouterId))
        {
            return new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.BadBgpIdentifier);
        }
        if (open.HoldTime is 1 or 2)
        {
            return new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnacceptableHoldTime);
        }
        return null;
    }

    /// <summary>
    /// OPEN error 2/7 Unsupported Capability for a peer that shares none of our families. RFC 5492
    /// s3: the data carries the capabilities that made us refuse, here our multiprotocol ones
    /// (code 1, length 4, AFI, reserved, SAFI each).
    /// </summary>
    public static NotificationMessage NoCommonFamily(OpenMessage local)
    {
        var families = local.Families.ToArray();
        var data = new byte[families.Length * 6];
        for (int i = 0; i < families.Length; i++)
        {
            var entry = data.AsSpan(i * 6, 6);
            entry[0] = (byte)CapabilityCode.Multiprotocol;
            entry[1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(entry[2..], families[i].Afi);
            entry[5] = families[i].Safi;
        }
        return new NotificationMessage(NotificationCode.OpenMessageError, OpenMessageErrorSubcode.UnsupportedCapability, data);
    }

    /// <summary>
    /// Negotiates an accepted OPEN against ours. Hold time is the smaller of both (s4.2);
    /// keepalive is the configured value or a third of the hold time, and never more than a
    /// third (as FRR does), so a short hold time chosen by the peer cannot expire between our
    /// KEEPALIVEs. A peer without multiprotocol capabilities speaks IPv4 unicast only (RFC 4760 s1).
    /// </summary>
    public static NegotiatedSession Negotiate(OpenMessage local, OpenMessage peer, SessionSettings settings)
    {
        var hold = Math.Min(local.HoldTime, peer.HoldTime);
        ushort keepalive = 0;
        if (hold != 0)
        {
            var third = (ushort)Math.Max(1, hold / 3);
            keepalive = settings.Peer.Keepalive is { } configured and > 0 ? Math.Min(configured, third) : third;
        }

        var peerFamilies = peer.Families.ToHashSet();
        if (peerFamilies.Count == 0)
        {
            peerFamilies.Add(AfiSafi.Ipv4Unicast);
        }
        var families = ImmutableArray.CreateBuilder<AfiSafi>();
        foreach (var family in local.Families)
        {
            if (peerFamilies.Contains(family) && !families.Contains(family))
            {
                families.Add(family);
            }
        }

        GracefulRestartCapability? gr = null;
        foreach (var c in peer.Capabilities)
        {
            if (c is GracefulRestartCapability g)
            {
                gr = g;
            }
        }
        GracefulRestartCapability? ours = null;
        foreach (var c in local.Capabilities)
        {
            if (c is GracefulRestartCapability g)
            {
                ours = g;
            }
        }

        return new NegotiatedSession
        {
            LocalAs = settings.LocalAs,
            PeerAs = peer.Asn,
            LocalRouterId = settings.RouterId,
            PeerRouterId = peer.BgpIdentifier,
            HoldTime = hold,
            KeepaliveTime = keepalive,
            Families = families.ToImmutable(),
            FourOctetAs = local.Has<FourOctetAsCapability>() && peer.Has<FourOctetAsCapability>(),
            RouteRefresh = local.Has<RouteRefreshCapability>() && peer.Has<RouteRefreshCapability>(),
            EnhancedRouteRefresh = local.Has<EnhancedRouteRefreshCapability>() && peer.Has<EnhancedRouteRefreshCapability>(),
            ExtendedMessage = local.Has<ExtendedMessageCapability>() && peer.Has<ExtendedMessageCapability>(),
            PeerGracefulRestart = gr,
            GracefulRestart = gr is not null && ours is not null,
            GracefulNotification = gr is { NotificationSupport: true } && ours is { NotificationSupport: true },
            PeerOpen = peer,
        };
    }
}
