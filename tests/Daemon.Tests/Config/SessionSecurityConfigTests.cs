using Evpnd.Bgp.Session;
using Evpnd.Daemon.Config;

namespace Evpnd.Daemon.Tests.Config;

/// <summary>password, password-file, ttl-security, maximum-prefix and limits: what loads, and each mistake's one line.</summary>
public sealed class SessionSecurityConfigTests
{
    private const string Head = "router-id: 10.255.0.2\nasn: 65002\nneighbors:\n  - address: 10.0.0.1\n    remote-as: 65001\n";

    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("evpnd-config-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void NeighborKeysLoad()
    {
        var peer = Single(Head + "    password: s3cret\n    ttl-security: 1\n    maximum-prefix: { limit: 1000, warning-threshold: 80, restart: 5 }\n");

        Assert.Multiple(() =>
        {
            Assert.That(peer.Password, Is.EqualTo(TcpMd5Password.FromText("s3cret")));
            Assert.That(peer.TtlSecurityHops, Is.EqualTo((byte)1));
            Assert.That(peer.MaximumPrefix, Is.EqualTo(new MaximumPrefix { Limit = 1000, WarningThreshold = 80, RestartMinutes = 5 }));
        });
    }

    [Test]
    public void MaximumPrefixDefaultsAreFrrs()
    {
        var peer = Single(Head + "    maximum-prefix: { limit: 10 }\n");

        Assert.That(peer.MaximumPrefix, Is.EqualTo(new MaximumPrefix { Limit = 10, WarningThreshold = 75, WarningOnly = false, RestartMinutes = 0 }));
    }

    [Test]
    public void PasswordFileIsReadRelativeToTheConfigurationWithoutItsLineEnd()
    {
        File.WriteAllText(Path.Combine(_dir, "peer.key"), "from-a-file\n");
        string config = Path.Combine(_dir, "evpnd.yaml");
        File.WriteAllText(config, Head + "    password-file: peer.key\n");

        var peer = ConfigLoader.Load(config).Bgp.Neighbors.Single();

        Assert.That(peer.Password, Is.EqualTo(TcpMd5Password.FromText("from-a-file")));
    }

    [Test]
    public void PasswordNeverPrints()
    {
        var peer = Single(Head + "    password: s3cret\n");

        Assert.That(peer.ToString(), Does.Not.Contain("s3cret").And.Contain("Password = set"));
    }

    [Test]
    public void LimitsLoad()
    {
        var config = ConfigLoader.Parse("router-id: 10.255.0.2\nasn: 65002\nlimits: { remote-macs: 5000 }\n", "evpnd.yaml");

        Assert.That(config.Limits.RemoteMacs, Is.EqualTo(5000u));
    }

    [Test]
    public void NoLimitsByDefault()
    {
        var config = ConfigLoader.Parse("router-id: 10.255.0.2\nasn: 65002\n", "evpnd.yaml");
        var peer = Single(Head);

        Assert.Multiple(() =>
        {
            Assert.That(config.Limits.RemoteMacs, Is.Null);
            Assert.That(peer.Password, Is.Null);
            Assert.That(peer.TtlSecurityHops, Is.Null);
            Assert.That(peer.MaximumPrefix, Is.Null);
        });
    }

    private static IEnumerable<TestCaseData> Errors()
    {
        yield return Case("PasswordAndPasswordFile", Head + "    password: a\n    password-file: /etc/evpnd/peer.key\n",
            "evpnd.yaml:7:20: password and password-file are both set; keep one");
        yield return Case("PasswordTooLong", Head + $"    password: {new string('x', 81)}\n",
            "evpnd.yaml:6:15: password is 81 bytes long; a TCP-MD5 key is at most 80 bytes (TCP_MD5SIG_MAXKEYLEN)");
        yield return Case("PasswordNotText", Head + "    password: [a, b]\n",
            "evpnd.yaml:6:15: password must be a string, not a list");
        yield return Case("TtlSecurityZero", Head + "    ttl-security: 0\n",
            "evpnd.yaml:6:19: ttl-security 0 is out of range 1..254");
        yield return Case("TtlSecurity255", Head + "    ttl-security: 255\n",
            "evpnd.yaml:6:19: ttl-security 255 is out of range 1..254");
        yield return Case("MaximumPrefixWithoutLimit", Head + "    maximum-prefix: { warning-only: true }\n",
            "evpnd.yaml:6:21: missing required key 'limit' in maximum-prefix");
        yield return Case("MaximumPrefixZero", Head + "    maximum-prefix: { limit: 0 }\n",
            "evpnd.yaml:6:30: maximum-prefix limit 0 is out of range 1..4294967295");
        yield return Case("ThresholdAbove100", Head + "    maximum-prefix: { limit: 5, warning-threshold: 101 }\n",
            "evpnd.yaml:6:52: warning-threshold 101 is out of range 1..100");
        yield return Case("RestartWithWarningOnly", Head + "    maximum-prefix: { limit: 5, warning-only: true, restart: 3 }\n",
            "evpnd.yaml:6:62: restart has no effect with warning-only: true (the session is never torn down); remove one");
        yield return Case("UnknownMaximumPrefixKey", Head + "    maximum-prefix: { limit: 5, treshold: 50 }\n",
            "evpnd.yaml:6:33: unknown key 'treshold' in maximum-prefix");
        yield return Case("RemoteMacsZero", "router-id: 10.255.0.2\nasn: 65002\nlimits: { remote-macs: 0 }\n",
            "evpnd.yaml:3:24: remote-macs 0 is out of range 1..4294967295");
        yield return Case("UnknownLimit", "router-id: 10.255.0.2\nasn: 65002\nlimits: { remote-mac: 5 }\n",
            "evpnd.yaml:3:11: unknown key 'remote-mac' in limits (did you mean 'remote-macs'?)");
    }

    [TestCaseSource(nameof(Errors))]
    public void OneLinePerMistake(string yaml, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "evpnd.yaml"));

        Assert.That(ex!.Message.Split('\n'), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void UnreadablePasswordFileNamesTheKeyAndTheFile()
    {
        string missing = Path.Combine(_dir, "missing.key");

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + $"    password-file: {missing}\n", "evpnd.yaml"));

        Assert.That(ex!.Message, Is.EqualTo($"evpnd.yaml:6:20: cannot read password-file {missing}: No such file or directory"));
    }

    [Test]
    public void TooLongPasswordFileNeverEchoesTheSecret()
    {
        string key = Path.Combine(_dir, "long.key");
        string secret = new('k', 90);
        File.WriteAllText(key, secret);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + $"    password-file: {key}\n", "evpnd.yaml"));

        Assert.That(ex!.Message, Is.EqualTo($"evpnd.yaml:6:20: password-file {key} is 90 bytes long; a TCP-MD5 key is at most 80 bytes (TCP_MD5SIG_MAXKEYLEN)"));
    }

    private static PeerConfig Single(string yaml) => ConfigLoader.Parse(yaml, "evpnd.yaml").Bgp.Neighbors.Single();

    private static TestCaseData Case(string name, string yaml, string expected) => new TestCaseData(yaml, expected).SetName(name);
}
