namespace Evpnd.Bgp.Wire;

/// <summary>One family in the Graceful Restart capability; F bit = forwarding state preserved.</summary>
public readonly record struct GracefulRestartFamily(AfiSafi Family, bool ForwardingPreserved);
