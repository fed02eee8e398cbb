using System.Collections.Immutable;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Session;

/// <summary>What one FSM needs to know about us and the configured neighbor.</summary>
internal sealed record SessionSettings
{
    /// <summary>RFC 4271 s8.2.2: the hold timer while waiting for the peer's OPEN ("4 minutes is suggested").</summary>
    public static readonly TimeSpan LargeHoldTime = TimeSpan.FromMinutes(4);

    /// <summary>RFC 9687 s3: the send hold time is at least 8 minutes.</summary>
    public static readonly TimeSpan MinimumSendHoldTime = TimeSpan.FromMinutes(8);

    public required uint LocalAs { get; init; }
    public required uint RouterId { get; init; }
    public required PeerConfig Peer { get; init; }

    public GracefulRestartConfig GracefulRestart { get; init; } = new();

    /// <summary>The R and F bits of our OPEN, shared by all neighbors; a cold start without one.</summary>
    public LocalRestartState RestartState { get; init; } = new();

    /// <summary>Graceful Restart is on for this neighbor: on globally and not turned off for it.</summary>
    public bool GracefulRestartEnabled => GracefulRestart.Enabled && Peer.GracefulRestart;

    /// <summary>Base of the idle hold time after an error; doubles with each consecutive failure.</summary>
    public TimeSpan IdleHoldTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the idle hold time (RFC 4271 s8.1.1 DampPeerOscillations).</summary>
    public TimeSpan MaxIdleHoldTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The send hold time; null for RFC 9687's max(8 minutes, 2 x the hold time). Set for tests
    /// that must see it expire.
    /// </summary>
    public TimeSpan? SendHoldTime { get; init; }

    /// <summary>The send hold time for a hold time in seconds (RFC 9687 s3).</summary>
    public TimeSpan SendHoldTimeFor(int holdSeconds) =>
        SendHoldTime ?? TimeSpan.FromSeconds(Math.Max(MinimumSendHoldTime.TotalSeconds, 2.0 * holdSeconds));

    public static SessionSettings From(SpeakerConfig speaker, PeerConfig peer, LocalRestartState? restartState = null) => new()
    {
        LocalAs = speaker.LocalAs,
        RouterId = speaker.RouterId,
        Peer = peer,
        GracefulRestart = speaker.GracefulRestart,
        RestartState = restartState ?? new LocalRestartState(),
    };

    /// <summary>
    /// Our OPEN (RFC 4271 s4.2): My AS is AS_TRANS when our AS needs 4 bytes (RFC 6793 s4.2.1);
    /// capabilities: multiprotocol per configured family, route refresh, enhanced route refresh,
    /// 4-octet AS, extended message, and graceful restart when it is on (RFC 4724 s3 with the
    /// RFC 8538 N bit: restart time, R while we wait for our peers after a restart, each family
    /// with F when the kernel kept forwarding). Built for each connection: R and F change.
    /// </summary>
    public OpenMessage BuildOpen()
    {
        var caps = ImmutableArray.CreateBuilder<Capability>();
        foreach (var family in Peer.Families)
        {
            caps.Add(new MultiprotocolCapability(family));
        }
        caps.Add(RouteRefreshCapability.Instance);
        caps.Add(EnhancedRouteRefreshCapability.Instance);
        caps.Add(new FourOctetAsCapability(LocalAs));
        caps.Add(ExtendedMessageCapability.Instance);
        if (GracefulRestartEnabled)
        {
            var preserved = RestartState.ForwardingPreserved;
            var families = ImmutableArray.CreateBuilder<GracefulRestartFamily>(Peer.Families.Length);
            foreach (var family in Peer.Families)
            {
                families.Add(new GracefulRestartFamily(family, preserved));
            }
            caps.Add(new GracefulRestartCapability(RestartState.Restarting, true, GracefulRestart.RestartTime, families.ToImmutable()));
        }
        var myAs = LocalAs > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)LocalAs;
        return new OpenMessage(myAs, Peer.HoldTime, RouterId, caps.ToImmutable());
    }
}
