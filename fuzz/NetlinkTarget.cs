using Evpnd.KernelSync.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Netlink;
using static Evpnd.KernelSync.Interop.Interop.Rtnetlink;

namespace Evpnd.Fuzz;

/// <summary>
/// The netlink message reader over one received datagram, each message parsed as the kernel
/// monitor and the dump/ACK paths parse it: links (VXLAN and bridge attributes), bridge FDB
/// entries, IPv4/IPv6 neighbours, NLMSG_ERROR/NLMSG_DONE with extended-ack TLVs.
/// </summary>
public static class NetlinkTarget
{
    public static FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var reader = new NetlinkMessageReader(input);
            while (reader.TryRead(out var message))
            {
                switch (message.Type)
                {
                    case NLMSG_ERROR:
                    case NLMSG_DONE when message.Payload.Length >= 4:
                        message.ReadError(out _);
                        break;
                    case RTM_NEWLINK or RTM_DELLINK when !LinkMessages.IsBridgePortMessage(message):
                        LinkMessages.Parse(message);
                        break;
                    case RTM_NEWNEIGH or RTM_DELNEIGH when FdbMessages.IsBridgeFamily(message):
                        FdbMessages.Parse(message);
                        break;
                    case RTM_NEWNEIGH or RTM_DELNEIGH when NeighborMessages.IsInetFamily(message):
                        NeighborMessages.Parse(message);
                        break;
                }
            }
        }
        catch (NetlinkProtocolException)
        {
            return FuzzOutcome.Refused;
        }
        return FuzzOutcome.Accepted;
    }
}
