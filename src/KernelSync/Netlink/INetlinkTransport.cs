namespace Evpnd.KernelSync.Netlink;

/// <summary>
/// Datagram I/O of a request socket. The real one is <see cref="NetlinkSocket"/>; tests put a
/// scripted one in its place for faults the kernel will not produce on demand (a dump
/// interrupted mid-way, replies for someone else).
/// </summary>
internal interface INetlinkTransport : IDisposable
{
    uint PortId { get; }

    void Send(ReadOnlySpan<byte> datagram);

    int Receive(Span<byte> buffer);
}
