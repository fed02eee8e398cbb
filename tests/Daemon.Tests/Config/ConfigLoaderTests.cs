using System.Collections.Immutable;
using System.Net;
using Evpnd.Bgp.Session;
using Evpnd.Bgp.Wire;
using Evpnd.Daemon.Config;
using Evpnd.Evpn.Instances;
using Microsoft.Extensions.Logging;

namespace Evpnd.Daemon.Tests.Config;

/// <summary>Configurations that load, and what they load into.</summary>
public sealed class ConfigLoaderTests
{
    [Test]
    public void MinimalConfigGetsEveryDefault()
    {
        EvpndConfig config = ConfigLoader.Parse(
            """
            router-id: 10.255.0.2
            asn: 65002
            """,
            "evpnd.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(config.Bgp.RouterId, Is.EqualTo(0x0AFF0002u));
            Assert.That(config.Bgp.LocalAs, Is.EqualTo(65002u));
            Assert.That(config.Bgp.Listen, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Any, 179)));
            Assert.That(config.Bgp.Neighbors, Is.Empty);
            Assert.That(config.ControlSocket, Is.EqualTo("/run/evpnd/evpnd.sock"));
            Assert.That(config.LogLevel, Is.EqualTo(LogLevel.Information));
            Assert.That(config.StateDir, Is.EqualTo("/var/lib/evpnd"));
            Assert.That(config.Evpn.AdvertiseAllVni, Is.True);
            Assert.That(config.Evpn.RtAutoForm, Is.EqualTo(RouteTargetAutoForm.AsVni));
            Assert.That(config.Evpn.ImportWildcardAs, Is.True);
            Assert.That(config.Evpn.Dad, Is.EqualTo(new DuplicateAddressDetectionConfig { Enabled = true, MaxMoves = 5, Window = 180, Freeze = false, FreezeTime = 0 }));
            Assert.That(config.Evpn.Vnis, Is.Empty);
        });
    }

    [Test]
    public void IssueTwoShapeLoads()
    {
        EvpndConfig config = ConfigLoader.Parse(
            """
            router-id: 10.255.0.2
            asn: 65002                  # 1..4294967295
            listen: { address: "::", port: 179 }
            control-socket: /run/evpnd/evpnd.sock
            neighbors:
              - address: 10.0.0.1
                remote-as: 65001        # a number, or internal / external
                passive: false
                hold-time: 9
            """,
            "evpnd.yaml");

        AssertPeers(config.Bgp.Neighbors,
        [
            new PeerConfig { Address = IPAddress.Parse("10.0.0.1"), RemoteAs = 65001, HoldTime = 9 },
        ]);
    }

    [Test]
    public void FullShapeMapsToRecords()
    {
        EvpndConfig config = ConfigLoader.Parse(
            """
            router-id: 10.255.0.2
            asn: 1.10
            listen: { address: 10.255.0.2, port: 1179 }
            control-socket: /tmp/evpnd-test.sock
            log-level: debug
            state-dir: /tmp/evpnd-state
            neighbors:
              - address: 10.0.0.1
                remote-as: 65001
                passive: true
                hold-time: 9
                keepalive: 3
                connect-retry: 5
                description: "spine 1"
                port: 1790
                local-address: 10.0.0.2
                address-families: [l2vpn-evpn]
              - address: 2001:db8::1
                remote-as: internal
                address-families: l2vpn-evpn
              - address: "::ffff:10.0.0.9"
                remote-as: external
                hold-time: 0
            evpn:
              advertise-all-vni: false
              rt-auto-form: rfc8365
              import-wildcard-as: false
              flooding: disabled
              dad: { enabled: true, max-moves: 3, window: 60, freeze: true, freeze-time: 0 }
              vnis:
                - vni: 100
                  local-vtep: 10.255.0.2
                  rd: 10.255.0.2:100
                  route-targets: { import: [auto, "65001:100", "*:100"], export: [auto] }
                  macs: ["02:00:00:00:00:01", { mac: "02-00-00-00-00-0A", ip: 192.0.2.2 }, { mac: "02:00:00:00:00:0a", ip: "2001:db8::2" }]
                - vni: 16777215
                  rd: 65002:200
                  route-targets: { both: ["4200000000:7"], export: [10.0.0.1:9] }
                  flooding: head-end-replication
            """,
            "evpnd.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(config.Bgp.RouterId, Is.EqualTo(0x0AFF0002u));
            Assert.That(config.Bgp.LocalAs, Is.EqualTo(65546u), "asdot 1.10 = 1 * 65536 + 10");
            Assert.That(config.Bgp.Listen, Is.EqualTo(new IPEndPoint(IPAddress.Parse("10.255.0.2"), 1179)));
            Assert.That(config.ControlSocket, Is.EqualTo("/tmp/evpnd-test.sock"));
            Assert.That(config.LogLevel, Is.EqualTo(LogLevel.Debug));
            Assert.That(config.StateDir, Is.EqualTo("/tmp/evpnd-state"));
            Assert.That(config.Evpn.AdvertiseAllVni, Is.False);
            Assert.That(config.Evpn.RtAutoForm, Is.EqualTo(RouteTargetAutoForm.Rfc8365));
            Assert.That(config.Evpn.ImportWildcardAs, Is.False);
            Assert.That(config.Evpn.Flooding, Is.EqualTo(FloodingMode.Disabled));
            Assert.That(config.Evpn.Dad, Is.EqualTo(new DuplicateAddressDetectionConfig { MaxMoves = 3, Window = 60, Freeze = true }));
        });

        AssertPeers(config.Bgp.Neighbors,
        [
            new PeerConfig
            {
                Address = IPAddress.Parse("10.0.0.1"),
                RemoteAs = 65001,
                Passive = true,
                HoldTime = 9,
                Keepalive = 3,
                ConnectRetry = 5,
                Description = "spine 1",
                Port = 1790,
                LocalAddress = IPAddress.Parse("10.0.0.2"),
                Families = [AfiSafi.L2vpnEvpn],
            },
            new PeerConfig { Address = IPAddress.Parse("2001:db8::1"), RemoteAsKind = RemoteAsKind.Internal, Families = [AfiSafi.L2vpnEvpn] },
            new PeerConfig { Address = IPAddress.Parse("10.0.0.9"), RemoteAsKind = RemoteAsKind.External, HoldTime = 0 },
        ]);

        Assert.That(config.Evpn.Vnis, Has.Length.EqualTo(2));
        VniConfig first = config.Evpn.Vnis[0];
        VniConfig second = config.Evpn.Vnis[1];
        Assert.Multiple(() =>
        {
            Assert.That(first.Vni, Is.EqualTo(100u));
            Assert.That(first.LocalVtep, Is.EqualTo(IPAddress.Parse("10.255.0.2")));
            Assert.That(first.Rd, Is.EqualTo("10.255.0.2:100"));
            Assert.That(first.ImportRouteTargets, Is.EqualTo(new[] { "auto", "65001:100", "*:100" }));
            Assert.That(first.ExportRouteTargets, Is.EqualTo(new[] { "auto" }));
            Assert.That(first.Macs, Is.EqualTo(new[]
            {
                new StaticMacConfig("02:00:00:00:00:01"),
                new StaticMacConfig("02:00:00:00:00:0a", IPAddress.Parse("192.0.2.2")),
                new StaticMacConfig("02:00:00:00:00:0a", IPAddress.Parse("2001:db8::2")),
            }));
            Assert.That(first.Flooding, Is.Null, "the global flooding applies");
            Assert.That(second.Flooding, Is.EqualTo(FloodingMode.HeadEndReplication));
            Assert.That(second.Vni, Is.EqualTo(16777215u));
            Assert.That(second.LocalVtep, Is.Null);
            Assert.That(second.Rd, Is.EqualTo("65002:200"));
            Assert.That(second.ImportRouteTargets, Is.EqualTo(new[] { "4200000000:7" }));
            Assert.That(second.ExportRouteTargets, Is.EqualTo(new[] { "4200000000:7", "10.0.0.1:9" }));
            Assert.That(second.Macs, Is.Empty);
        });
    }

    [Test]
    public void BriefShapeLoads()
    {
        EvpndConfig config = ConfigLoader.Parse(
            """
            router-id: 10.255.0.2          # IPv4 dotted quad, required
            asn: 65002                     # 1..4294967295
            listen: { address: "::", port: 179 }   # default :: and 179
            control-socket: /run/evpnd/evpnd.sock  # default /run/evpnd/evpnd.sock
            log-level: info                 # trace|debug|info|warning|error
            state-dir: /var/lib/evpnd        # default
            neighbors:
              - address: 10.0.0.1           # IPv4 or IPv6, required, unique
                remote-as: 65001            # number, or internal / external, required
                passive: false
                hold-time: 9                # 0 or 3..65535, default 90
                keepalive: 3                # optional, 1..21845 and < hold-time
                connect-retry: 5            # 1..65535, default 120
                description: "spine 1"
                port: 179                   # optional
                local-address: 10.0.0.2     # optional, source address for outgoing connections
                address-families: [l2vpn-evpn]   # default [l2vpn-evpn], the only family
            evpn:
              advertise-all-vni: true       # discover VNIs from the kernel (default true)
              rt-auto-form: frr             # frr (AS:VNI) | rfc8365
              import-wildcard-as: true      # auto import RTs match *:VNI (default true, FRR behaviour)
              dad: { max-moves: 5, window: 180, freeze: false, freeze-time: 0 }   # duplicate address detection
              vnis:
                - vni: 100                  # 1..16777215, unique
                  local-vtep: 10.255.0.2    # optional
                  rd: auto                  # or 10.255.0.2:100 / 65002:100
                  route-targets: { import: [auto, "65001:100"], export: [auto] }
                  macs: ["02:00:00:00:00:01", { mac: "02:00:00:00:00:02", ip: 192.0.2.2 }]
            """,
            "evpnd.yaml");

        AssertPeers(config.Bgp.Neighbors,
        [
            new PeerConfig
            {
                Address = IPAddress.Parse("10.0.0.1"),
                RemoteAs = 65001,
                HoldTime = 9,
                Keepalive = 3,
                ConnectRetry = 5,
                Description = "spine 1",
                LocalAddress = IPAddress.Parse("10.0.0.2"),
            },
        ]);
        VniConfig vni = config.Evpn.Vnis.Single();
        Assert.Multiple(() =>
        {
            Assert.That(vni.Vni, Is.EqualTo(100u));
            Assert.That(vni.LocalVtep, Is.EqualTo(IPAddress.Parse("10.255.0.2")));
            Assert.That(vni.Rd, Is.EqualTo("auto"));
            Assert.That(vni.ImportRouteTargets, Is.EqualTo(new[] { "auto", "65001:100" }));
            Assert.That(vni.ExportRouteTargets, Is.EqualTo(new[] { "auto" }));
            Assert.That(vni.Macs, Is.EqualTo(new[]
            {
                new StaticMacConfig("02:00:00:00:00:01"),
                new StaticMacConfig("02:00:00:00:00:02", IPAddress.Parse("192.0.2.2")),
            }));
        });
    }

    [Test]
    public void ByteOrderMarkIsIgnored()
    {
        EvpndConfig config = ConfigLoader.Parse("\uFEFFrouter-id: 10.255.0.2\nasn: 65002\n", "evpnd.yaml");

        Assert.That(config.Bgp.RouterId, Is.EqualTo(0x0AFF0002u));
    }

    [Test]
    public void ListenFalseDisablesTheListener()
    {
        EvpndConfig config = ConfigLoader.Parse("router-id: 10.255.0.2\nasn: 65002\nlisten: false\n", "evpnd.yaml");

        Assert.That(config.Bgp.Listen, Is.Null);
    }

    [Test]
    public void ListenWithOnlyAPortKeepsTheDefaultAddress()
    {
        EvpndConfig config = ConfigLoader.Parse("router-id: 10.255.0.2\nasn: 65002\nlisten: { port: 1179 }\n", "evpnd.yaml");

        Assert.That(config.Bgp.Listen, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Any, 1179)));
    }

    [Test]
    public void KeysWithoutValuesTakeTheirDefaults()
    {
        EvpndConfig config = ConfigLoader.Parse(
            """
            router-id: 10.255.0.2
            asn: 65002
            log-level:
            neighbors:
            evpn:
            """,
            "evpnd.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(config.LogLevel, Is.EqualTo(LogLevel.Information));
            Assert.That(config.Bgp.Neighbors, Is.Empty);
            Assert.That(config.Evpn.Vnis, Is.Empty);
        });
    }

    [Test]
    public void AnchorsAndAliasesAreFollowed()
    {
        EvpndConfig config = ConfigLoader.Parse(
            """
            router-id: 10.255.0.2
            asn: 65002
            neighbors:
              - address: 10.0.0.1
                remote-as: internal
                address-families: &families [l2vpn-evpn]
              - address: 10.0.0.3
                remote-as: internal
                address-families: *families
            """,
            "evpnd.yaml");

        Assert.That(config.Bgp.Neighbors[1].Families, Is.EqualTo(new[] { AfiSafi.L2vpnEvpn }));
    }

    [Test]
    public void ExampleConfigLoads()
    {
        string path = FindRepositoryFile("examples/evpnd.yaml");

        EvpndConfig config = ConfigLoader.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That(config.Bgp.RouterId, Is.EqualTo(0x0AFF0002u));
            Assert.That(config.Bgp.LocalAs, Is.EqualTo(65000u));
            Assert.That(config.Bgp.Neighbors, Has.Length.EqualTo(1));
            Assert.That(config.Bgp.Neighbors[0].Address, Is.EqualTo(IPAddress.Parse("10.0.0.1")));
            Assert.That(config.Bgp.Neighbors[0].RemoteAsKind, Is.EqualTo(RemoteAsKind.Internal));
            Assert.That(config.Evpn.Vnis.Select(v => v.Vni), Is.EqualTo(new[] { 100u }));
            Assert.That(config.Evpn.Vnis[0].Macs, Has.Length.EqualTo(2));
        });
    }

    private static void AssertPeers(ImmutableArray<PeerConfig> actual, PeerConfig[] expected)
    {
        // ImmutableArray compares by reference, so compare the families apart from the rest.
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.That(actual[i] with { Families = ImmutableArray<AfiSafi>.Empty }, Is.EqualTo(expected[i] with { Families = ImmutableArray<AfiSafi>.Empty }), $"neighbor {i}");
            Assert.That(actual[i].Families, Is.EqualTo(expected[i].Families), $"families of neighbor {i}");
        }
    }

    internal static string FindRepositoryFile(string relativePath)
    {
        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {TestContext.CurrentContext.TestDirectory}");
    }
}
