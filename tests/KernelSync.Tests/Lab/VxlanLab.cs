using System.Net;
using Evpnd.KernelSync.Netlink;

namespace Evpnd.KernelSync.Tests.Lab;

/// <summary>
/// One VTEP namespace (bridge br0 with vxlan100 and a host port vh0, SVI 192.168.100.1/24 on
/// br0) and one host namespace whose eth0 (192.168.100.10/24) is the peer of vh0.
/// </summary>
internal sealed class VxlanLab : IDisposable
{
    public static readonly IPAddress LocalVtep = IPAddress.Parse("10.0.0.1");

    public VxlanLab(string suffix)
    {
        Vtep = new TestNamespace($"{suffix}v");
        try
        {
            Host = new TestNamespace($"{suffix}h");
            // This kernel is built without CONFIG_BRIDGE_VLAN_FILTERING: a plain bridge only.
            Vtep.Ip("link", "add", "br0", "type", "bridge");
            Vtep.Ip("link", "add", "vxlan100", "type", "vxlan", "id", "100", "local", LocalVtep.ToString(), "dstport", "4789", "nolearning");
            Vtep.Ip("link", "set", "vxlan100", "master", "br0");
            Vtep.Ip("link", "add", "vh0", "type", "veth", "peer", "name", "eth0", "netns", Host.Name);
            Vtep.Ip("link", "set", "vh0", "master", "br0");
            foreach (var device in new[] { "br0", "vxlan100", "vh0" })
            {
                Vtep.Ip("link", "set", device, "up");
            }

            Vtep.Ip("addr", "add", "192.168.100.1/24", "dev", "br0");
            Host.Ip("addr", "add", "192.168.100.10/24", "dev", "eth0");
            Host.Ip("link", "set", "eth0", "up");
            BridgeIfindex = Vtep.Ifindex("br0");
            VxlanIfindex = Vtep.Ifindex("vxlan100");
            HostPortIfindex = Vtep.Ifindex("vh0");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public TestNamespace Vtep { get; }

    public TestNamespace? Host { get; }

    public int BridgeIfindex { get; }

    public int VxlanIfindex { get; }

    public int HostPortIfindex { get; }

    public RtnetlinkClient OpenClient() => RtnetlinkClient.OpenInNamespace(Vtep.Name);

    public void Dispose()
    {
        Host?.Dispose();
        Vtep.Dispose();
    }
}
