namespace Evpnd.KernelSync.Netlink;

/// <summary>Called once per awaited reply: errno 0 is an ACK.</summary>
internal delegate void AckHandler(uint sequence, int errno, string? extendedAck);
