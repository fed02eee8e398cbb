using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

/// <summary>
/// Each problem an operator can make gives exactly one line, <c>file:line:column: text</c>,
/// pointing at the offending node.
/// </summary>
public sealed class ConfigErrorTests
{
    private const string Head = "router-id: 10.255.0.2\nasn: 65002\n";

    private static IEnumerable<TestCaseData> SingleErrors()
    {
        // Unknown keys, with and without a suggestion.
        yield return Case(
            "UnknownKeyWithSuggestion",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-tim: 9\n",
            "evpnd.yaml:6:5: unknown key 'hold-tim' in neighbor (did you mean 'hold-time'?)");
        yield return Case(
            "UnknownKeyUnderscoreSuggestsDash",
            Head + "control_socket: /run/x.sock\n",
            "evpnd.yaml:3:1: unknown key 'control_socket' at the top level (did you mean 'control-socket'?)");
        yield return Case(
            "UnknownKeyWithoutSuggestion",
            Head + "frobnicate: 1\n",
            "evpnd.yaml:3:1: unknown key 'frobnicate' at the top level");
        yield return Case(
            "UnknownKeyInVni",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      local-vetp: 10.255.0.2\n",
            "evpnd.yaml:6:7: unknown key 'local-vetp' in vni (did you mean 'local-vtep'?)");
        yield return Case(
            "KeyOfAnotherSection",
            Head + "evpn:\n  local-vtep: 10.255.0.2\n",
            "evpnd.yaml:4:3: unknown key 'local-vtep' in evpn ('local-vtep' belongs in a vni; check the indentation)");
        yield return Case(
            "DuplicateKey",
            Head + "log-level: info\nlog-level: debug\n",
            "evpnd.yaml:4:1: duplicate key 'log-level' (first defined at line 3)");

        // Addresses.
        yield return Case(
            "BadNeighborAddress",
            Head + "neighbors:\n  - address: 10.0.0.300\n    remote-as: 65001\n",
            "evpnd.yaml:4:14: '10.0.0.300' is not an IP address");
        yield return Case(
            "ShortHandIPv4IsRefused",
            Head + "neighbors:\n  - address: 10.1\n    remote-as: 65001\n",
            "evpnd.yaml:4:14: '10.1' is not an IP address");
        yield return Case(
            "MulticastNeighbor",
            Head + "neighbors:\n  - address: ff02::1\n    remote-as: 65001\n",
            "evpnd.yaml:4:14: neighbor address ff02::1 is not a unicast address");
        yield return Case(
            "RouterIdNotIPv4",
            "router-id: 2001:db8::1\nasn: 65002\n",
            "evpnd.yaml:1:12: '2001:db8::1' is not an IPv4 address (router-id is a dotted quad)");
        yield return Case(
            "RouterIdZero",
            "router-id: 0.0.0.0\nasn: 65002\n",
            "evpnd.yaml:1:12: router-id 0.0.0.0 is not allowed: the BGP identifier must be non-zero (RFC 6286)");
        yield return Case(
            "LocalAddressOfOtherFamily",
            Head + "neighbors:\n  - address: 2001:db8::1\n    remote-as: 65001\n    local-address: 10.0.0.2\n",
            "evpnd.yaml:6:20: local-address 10.0.0.2 is IPv4 but the neighbor address 2001:db8::1 is IPv6");
        yield return Case(
            "BadListenAddress",
            Head + "listen: { address: 'any' }\n",
            "evpnd.yaml:3:20: 'any' is not an IP address");

        // Duplicates.
        yield return Case(
            "DuplicateNeighbor",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n  - address: 10.0.0.1\n    remote-as: 65003\n",
            "evpnd.yaml:6:14: duplicate neighbor 10.0.0.1 (first defined at line 4)");
        yield return Case(
            "DuplicateNeighborWrittenAsMappedIPv6",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n  - address: '::ffff:10.0.0.1'\n    remote-as: 65003\n",
            "evpnd.yaml:6:14: duplicate neighbor 10.0.0.1 (first defined at line 4)");
        yield return Case(
            "DuplicateVni",
            Head + "evpn:\n  vnis:\n    - vni: 100\n    - vni: 200\n    - vni: 100\n",
            "evpnd.yaml:7:12: duplicate vni 100 (first defined at line 5)");
        yield return Case(
            "DuplicateRd",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      rd: 65002:1\n    - vni: 200\n      rd: 65002:1\n",
            "evpnd.yaml:8:11: rd 65002:1 is already used by vni 100 (line 6)");
        yield return Case(
            "DuplicateMac",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      macs: ['02:00:00:00:00:01', '02:00:00:00:00:01']\n",
            "evpnd.yaml:6:35: duplicate mac 02:00:00:00:00:01 in vni 100 (first defined at line 6)");
        yield return Case(
            "DuplicateAddressFamily",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    address-families: [l2vpn-evpn, l2vpn-evpn]\n",
            "evpnd.yaml:6:36: duplicate address family l2vpn-evpn");

        // Numbers.
        yield return Case(
            "AsnZero",
            "router-id: 10.255.0.2\nasn: 0\n",
            "evpnd.yaml:2:6: asn 0 is out of range 1..4294967295");
        yield return Case(
            "AsnTooLarge",
            "router-id: 10.255.0.2\nasn: 4294967296\n",
            "evpnd.yaml:2:6: asn 4294967296 is out of range 1..4294967295");
        yield return Case(
            "AsnFarTooLarge",
            "router-id: 10.255.0.2\nasn: 99999999999999999999999\n",
            "evpnd.yaml:2:6: asn 99999999999999999999999 is out of range 1..4294967295");
        yield return Case(
            "AsnNotANumber",
            "router-id: 10.255.0.2\nasn: sixty\n",
            "evpnd.yaml:2:6: asn 'sixty' is not an AS number");
        yield return Case(
            "AsTrans",
            "router-id: 10.255.0.2\nasn: 23456\n",
            "evpnd.yaml:2:6: asn 23456 is AS_TRANS, which is reserved (RFC 6793)");
        yield return Case(
            "RemoteAsTypo",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: intrenal\n",
            "evpnd.yaml:5:16: remote-as 'intrenal' is not an AS number, internal or external (did you mean 'internal'?)");
        yield return Case(
            "HoldTimeNotANumber",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-time: nine\n",
            "evpnd.yaml:6:16: hold-time 'nine' is not a number");
        yield return Case(
            "HoldTimeOneOrTwo",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-time: 2\n",
            "evpnd.yaml:6:16: hold-time 2 is out of range: it must be 0 (no keepalives) or 3..65535 (RFC 4271 s4.2)");
        yield return Case(
            "NegativePort",
            Head + "listen: { port: -1 }\n",
            "evpnd.yaml:3:17: port -1 is out of range 1..65535");
        yield return Case(
            "VniTooLarge",
            Head + "evpn:\n  vnis:\n    - vni: 16777216\n",
            "evpnd.yaml:5:12: vni 16777216 is out of range 1..16777215");
        yield return Case(
            "DadFreezeTimeBelowThirty",
            Head + "evpn:\n  dad: { freeze: true, freeze-time: 10 }\n",
            "evpnd.yaml:4:37: freeze-time 10 is out of range: it must be 0 (until cleared) or 30..3600");

        // Keepalive against hold time.
        yield return Case(
            "KeepaliveEqualToHoldTime",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-time: 9\n    keepalive: 9\n",
            "evpnd.yaml:7:16: keepalive 9 must be less than hold-time 9");
        yield return Case(
            "KeepaliveAboveDefaultHoldTime",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    keepalive: 90\n",
            "evpnd.yaml:6:16: keepalive 90 must be less than hold-time 90 (the default)");
        yield return Case(
            "KeepaliveWithHoldTimeZero",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-time: 0\n    keepalive: 3\n",
            "evpnd.yaml:7:16: keepalive is set but hold-time is 0, which disables keepalives (RFC 4271 s4.4)");
        yield return Case(
            "BadHoldTimeIsNotComparedWithKeepalive",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-time: nine\n    keepalive: 100\n",
            "evpnd.yaml:6:16: hold-time 'nine' is not a number");

        // Wrong types.
        yield return Case(
            "ListWhereMapExpected",
            Head + "listen: [::, 179]\n",
            "evpnd.yaml:3:9: listen must be a map (address, port) or false, not a list");
        yield return Case(
            "MapWhereListExpected",
            Head + "neighbors:\n  address: 10.0.0.1\n",
            "evpnd.yaml:4:3: neighbors must be a list, not a map");
        yield return Case(
            "StringWhereNeighborMapExpected",
            Head + "neighbors:\n  - 10.0.0.1\n",
            "evpnd.yaml:4:5: neighbor must be a map, not '10.0.0.1'");
        yield return Case(
            "ListWhereNumberExpected",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    port: [179]\n",
            "evpnd.yaml:6:11: port must be a number, not a list");
        yield return Case(
            "NotABoolean",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    passive: yes\n",
            "evpnd.yaml:6:14: passive 'yes' is not true or false");
        yield return Case(
            "LogLevelTypo",
            Head + "log-level: inf\n",
            "evpnd.yaml:3:12: log-level 'inf' is not one of trace, debug, info, warning, error (did you mean 'info'?)");
        yield return Case(
            "UnknownAddressFamily",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    address-families: [evpn]\n",
            "evpnd.yaml:6:24: address family 'evpn' is not one of l2vpn-evpn");
        yield return Case(
            "UnicastFamilyNotCarried",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    address-families: [l2vpn-evpn, ipv4-unicast]\n",
            "evpnd.yaml:6:36: address family 'ipv4-unicast' is not supported: evpnd carries l2vpn-evpn only (remove it)");
        yield return Case(
            "FloodingTypo",
            Head + "evpn:\n  flooding: head-end\n",
            "evpnd.yaml:4:13: flooding 'head-end' is not one of head-end-replication, disabled");
        yield return Case(
            "EmptyAddressFamilies",
            Head + "neighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    address-families: []\n",
            "evpnd.yaml:6:23: address-families must not be empty");
        yield return Case(
            "ControlSocketTooLong",
            Head + "control-socket: /run/" + new string('x', 110) + "\n",
            "evpnd.yaml:3:17: control-socket path is 115 bytes long; a Unix socket path can be at most 107");

        // Missing required keys point at the map that lacks them.
        yield return Case(
            "MissingRemoteAs",
            Head + "neighbors:\n  - address: 10.0.0.1\n    passive: true\n",
            "evpnd.yaml:4:5: missing required key 'remote-as' in neighbor");
        yield return Case(
            "MissingAsn",
            "router-id: 10.255.0.2\n",
            "evpnd.yaml:1:1: missing required key 'asn' at the top level");
        yield return Case(
            "RequiredKeyWithoutValue",
            "router-id:\nasn: 65002\n",
            "evpnd.yaml:1:1: key 'router-id' has no value");
        yield return Case(
            "MissingMacInMacMap",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      macs: [{ ip: 192.0.2.1 }]\n",
            "evpnd.yaml:6:14: missing required key 'mac' in mac");

        // EVPN values.
        yield return Case(
            "RdWithoutNumber",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      rd: 65002\n",
            "evpnd.yaml:6:11: rd '65002' is not auto, ASN:NN or IPv4:NN");
        yield return Case(
            "RdFourByteAsWithLargeNumber",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      rd: 4200000000:70000\n",
            "evpnd.yaml:6:11: rd '4200000000:70000' is out of range: after a 4-byte AS the number must be 0..65535");
        yield return Case(
            "RouteTargetIPv4WithLargeNumber",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      route-targets: { export: ['10.0.0.1:65536'] }\n",
            "evpnd.yaml:6:33: route target '10.0.0.1:65536' is out of range: after an IPv4 address the number must be 0..65535");
        yield return Case(
            "WildcardOnlyForImport",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      route-targets: { export: ['*:100'] }\n",
            "evpnd.yaml:6:33: route target '*:100' uses '*', which only an import route target may");
        yield return Case(
            "BadMac",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      macs: ['02:00:00:00:00']\n",
            "evpnd.yaml:6:14: '02:00:00:00:00' is not a MAC address");
        yield return Case(
            "MulticastMac",
            Head + "evpn:\n  vnis:\n    - vni: 100\n      macs: ['01:00:5E:00:00:01']\n",
            "evpnd.yaml:6:14: mac 01:00:5e:00:00:01 is not a unicast MAC address");
        yield return Case(
            "RtAutoFormTypo",
            Head + "evpn:\n  rt-auto-form: rfc8356\n",
            "evpnd.yaml:4:17: rt-auto-form 'rfc8356' is not one of frr, rfc8365 (did you mean 'rfc8365'?)");

        // YAML itself.
        yield return Case(
            "YamlSyntaxError",
            Head + "log-level: info: debug\n",
            "evpnd.yaml:3:16: YAML syntax error: While scanning a plain scalar value, found invalid mapping");
        yield return Case(
            "UnclosedFlowSequence",
            Head + "neighbors: [\nlog-level: info\n",
            "evpnd.yaml:3:12: YAML syntax error: this '[' is never closed");
        yield return Case(
            "UnclosedFlowSequenceAtEndOfFile",
            Head + "neighbors: [\n",
            "evpnd.yaml:4:1: YAML syntax error: While parsing a node, did not find expected node content (is the '[' at line 3 column 12 closed?)");
        yield return Case(
            "UnknownAlias",
            Head + "log-level: *level\n",
            "evpnd.yaml:3:12: alias '*level' refers to no anchor defined before it");
        yield return Case(
            "TwoDocuments",
            Head + "---\nasn: 65003\n",
            "evpnd.yaml:3:1: only one YAML document is allowed in the configuration file");
        yield return Case(
            "EmptyFile",
            "# nothing but a comment\n",
            "evpnd.yaml:1:1: the configuration file is empty (router-id and asn are required)");
        yield return Case(
            "TopLevelList",
            "- router-id: 10.255.0.2\n",
            "evpnd.yaml:1:1: the configuration must be a map of keys (router-id, asn, ...), not a list");
    }

    [TestCaseSource(nameof(SingleErrors))]
    public void ReportsOneLine(string yaml, string expected)
    {
        Assert.That(ErrorLines(yaml), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void ReportsEveryProblemInFileOrderOneLineEach()
    {
        string yaml =
            """
            router-id: 10.255.0.2
            asn: 0
            neighbors:
              - address: 10.0.0.300
                remote-as: 65001
              - address: 10.0.0.2
                remote-as: 65001
                hold-tim: 9
            evpn:
              vnis:
                - vni: 0
            flavour: vanilla
            """;

        Assert.That(ErrorLines(yaml), Is.EqualTo(new[]
        {
            "evpnd.yaml:2:6: asn 0 is out of range 1..4294967295",
            "evpnd.yaml:4:14: '10.0.0.300' is not an IP address",
            "evpnd.yaml:8:5: unknown key 'hold-tim' in neighbor (did you mean 'hold-time'?)",
            "evpnd.yaml:11:12: vni 0 is out of range 1..16777215",
            "evpnd.yaml:12:1: unknown key 'flavour' at the top level",
        }));
    }

    [Test]
    public void MisIndentedNeighborKeyIsExplained()
    {
        string yaml =
            """
            router-id: 10.255.0.2
            asn: 65002
            neighbors:
              - address: 10.0.0.1
            remote-as: 65001
            """;

        Assert.That(ErrorLines(yaml), Is.EqualTo(new[]
        {
            "evpnd.yaml:4:5: missing required key 'remote-as' in neighbor",
            "evpnd.yaml:5:1: unknown key 'remote-as' at the top level ('remote-as' belongs in a neighbor; check the indentation)",
        }));
    }

    [Test]
    public void ExceptionListsTheErrorsItPrints()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("router-id: 1.2.3\nasn: 0\n", "evpnd.yaml"));

        Assert.That(ex!.Errors.Select(e => (e.Line, e.Column)), Is.EqualTo(new[] { (1, 12), (2, 6) }));
    }

    [Test]
    public void LoadNamesTheFileInEveryLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"evpnd-config-{Environment.ProcessId}.yaml");
        File.WriteAllText(path, "router-id: 10.255.0.2\nasn: 65002\nneighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n    hold-tim: 9\n");
        try
        {
            var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

            Assert.That(ex!.Message, Is.EqualTo($"{path}:6:5: unknown key 'hold-tim' in neighbor (did you mean 'hold-time'?)"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void MissingFileIsOneSentenceWithTheOsError()
    {
        string path = $"/nonexistent-{Environment.ProcessId}/evpnd.yaml";

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.That(ex!.Message, Is.EqualTo($"cannot read configuration file {path}: No such file or directory"));
    }

    [Test]
    public void DirectoryIsOneSentence()
    {
        string path = Path.GetTempPath();

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.That(ex!.Message, Is.EqualTo($"cannot read configuration file {path}: Is a directory"));
    }

    private static string[] ErrorLines(string yaml)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "evpnd.yaml"));
        return ex!.Message.Split('\n');
    }

    private static TestCaseData Case(string name, string yaml, string expected) =>
        new TestCaseData(yaml, expected).SetName(name);
}
