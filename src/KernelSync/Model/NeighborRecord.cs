using System.Net;

namespace Evpnd.KernelSync;

/// <summary>One ARP/ND entry as the kernel reports it. <see cref="Protocol"/> is NDA_PROTOCOL (0 when absent).</summary>
public sealed record NeighborRecord(
    int Ifindex,
    IPAddress Address,
    MacAddress? Mac,
    NeighborStates State,
    NeighborFlags Flags,
    byte Protocol);
