namespace Evpnd.Interop.Tests.Scenarios;

/// <summary>A host namespace with an interface "eth0" plugged into a VTEP's bridge for one VNI.</summary>
public sealed class ScenarioHost
{
    internal ScenarioHost(string name, Harness.Netns ns, ScenarioVtep vtep, int vni, string mac, string address, string port, string @interface)
    {
        Name = name;
        Namespace = ns;
        Vtep = vtep;
        Vni = vni;
        Mac = mac;
        Address = address;
        Port = port;
        Interface = @interface;
    }

    public string Name { get; }

    public Harness.Netns Namespace { get; }

    /// <summary>The VTEP the host is plugged into now (changes when it moves).</summary>
    public ScenarioVtep Vtep { get; internal set; }

    public int Vni { get; }

    public string Mac { get; }

    /// <summary>IPv4 address without the prefix length (all hosts share 192.168.10.0/24).</summary>
    public string Address { get; }

    /// <summary>The bridge port (the VTEP end of the host's veth) in <see cref="Vtep"/>'s namespace.</summary>
    public string Port { get; internal set; }

    /// <summary>The host's interface that has its address now ("eth0", another after a move).</summary>
    public string Interface { get; internal set; }

    public Task<bool> PingAsync(ScenarioHost other) => Namespace.PingAsync(other.Address);

    public override string ToString() => $"{Name} ({Address} {Mac}, VNI {Vni} behind vtep{Vtep.Index})";
}
