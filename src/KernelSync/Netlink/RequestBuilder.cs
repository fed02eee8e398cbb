namespace Evpnd.KernelSync.Netlink;

/// <summary>Writes one request with the given sequence number.</summary>
internal delegate void RequestBuilder(ref NetlinkMessageWriter writer, uint sequence);
