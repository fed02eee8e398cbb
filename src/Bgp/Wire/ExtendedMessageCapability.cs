namespace Evpnd.Bgp.Wire;

/// <summary>Extended Message (RFC 8654), empty.</summary>
public sealed record ExtendedMessageCapability : Capability
{
    public static readonly ExtendedMessageCapability Instance = new();
    public override byte Code => (byte)CapabilityCode.ExtendedMessage;
}
