namespace Evpnd.Evpn.Instances;

public sealed record EvpnEngineOptions
{
    /// <summary>The BGP identifier in host order: the administrator of the auto RD (type 1).</summary>
    public required uint RouterId { get; init; }

    /// <summary>The local AS: its low 16 bits administer the auto RTs.</summary>
    public required uint LocalAs { get; init; }

    public RouteTargetAutoForm RouteTargetAutoForm { get; init; } = RouteTargetAutoForm.AsVni;

    /// <summary>
    /// Auto import RTs match <c>*:VNI</c> (any administrator, any form), FRR's behaviour that eBGP
    /// fabrics with one AS per leaf need; when off, exactly our own auto RT.
    /// </summary>
    public bool WildcardImport { get; init; } = true;

    /// <summary>The flooding mode of VNIs that do not set their own.</summary>
    public FloodingMode Flooding { get; init; } = FloodingMode.HeadEndReplication;

    public DuplicateAddressDetectionOptions DuplicateDetection { get; init; } = new();

    /// <summary>
    /// Called on the engine's thread the first time a peer sends a route with a martian or own next
    /// hop (each such route is dropped and counted, see <see cref="EvpnEngine.GetMartianNextHops"/>):
    /// log it once per peer, as FRR does. Must not call back into the engine.
    /// </summary>
    public Action<MartianNextHop>? FirstMartianNextHop { get; init; }

    /// <summary>limits.remote-macs: remote MACs installed into the kernel at most, over all VNIs; null: no bound.</summary>
    public uint? RemoteMacLimit { get; init; }

    /// <summary>
    /// Called on the engine's thread when the remote MAC limit is first reached (a MAC is held back)
    /// and when it clears (none is): log it. Must not call back into the engine.
    /// </summary>
    public Action<RemoteMacLimitStatus>? RemoteMacLimitChanged { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public IRdIndexStore RdIndexStore { get; init; } = new InMemoryRdIndexStore();

    /// <summary>Where the sequence numbers of local MACs that moved here outlive a restart.</summary>
    public ILocalSequenceStore LocalSequenceStore { get; init; } = new InMemoryLocalSequenceStore();
}
