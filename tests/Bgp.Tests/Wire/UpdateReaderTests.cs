using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class UpdateReaderTests
{
    private static readonly byte[] Ipv4Update = Update(
        [16, 10, 1, 8, 10],
        Block(OriginAttr(), AsPath4(65001), NextHop(10, 0, 0, 1), Attr(0xC0, 8, 0xFD, 0xE9, 0, 100)),
        [24, 192, 0, 2, 32, 198, 51, 100, 7]);

    private static readonly byte[] EvpnUpdate = Update([],
        Block(MpReachEvpn(EvpnImet(1), EvpnImet(2)), OriginAttr(), AsPath4(65001),
            Attr(0xC0, 16, 0, 2, 0xFD, 0xE9, 0, 0, 0, 100), Attr(0xC0, 22, 0, 6, 0, 0, 100, 10, 0, 0, 1)),
        []);

    [Test]
    public void WalksWithdrawnAttributesAndNlri()
    {
        var reader = new UpdateReader(Ipv4Update);
        var withdrawn = new List<string>();
        var types = new List<byte>();
        var nlri = new List<string>();

        foreach (var prefix in reader.WithdrawnRoutes)
        {
            withdrawn.Add(prefix.ToString());
        }
        foreach (var attribute in reader.Attributes)
        {
            types.Add(attribute.TypeCode);
        }
        foreach (var prefix in reader.Nlri)
        {
            nlri.Add(prefix.ToString());
        }

        Assert.That(withdrawn, Is.EqualTo(new[] { "10.1.0.0/16", "10.0.0.0/8" }));
        Assert.That(types, Is.EqualTo(new byte[] { 1, 2, 3, 8 }));
        Assert.That(nlri, Is.EqualTo(new[] { "192.0.2.0/24", "198.51.100.7/32" }));
        Assert.That(reader.TryGetMpReach(out _), Is.False);
    }

    [Test]
    public void FindsMpReachFamilyNextHopAndNlri()
    {
        var reader = new UpdateReader(EvpnUpdate);

        Assert.That(reader.Validate(UpdateCodecOptions.Default).Action, Is.EqualTo(UpdateErrorAction.None));
        Assert.That(reader.TryGetMpReach(out var reach), Is.True);
        Assert.That(reach.Family, Is.EqualTo(AfiSafi.L2vpnEvpn));
        Assert.That(reach.NextHop.ToArray(), Is.EqualTo(new byte[] { 10, 0, 0, 1 }));
        Assert.That(reach.Nlri.ToArray(), Is.EqualTo(EvpnImet(1).Concat(EvpnImet(2)).ToArray()));
        Assert.That(reader.TryGetAttribute(22, out var pmsi), Is.True);
        Assert.That(pmsi.Value.Length, Is.EqualTo(9));
    }

    [Test]
    public void FindsMpUnreach()
    {
        var reader = new UpdateReader(Update([], Attr(0x90, 15, [0, 25, 70, .. EvpnImet()]), []));

        Assert.That(reader.TryGetMpUnreach(out var unreach), Is.True);
        Assert.That(unreach.Family, Is.EqualTo(AfiSafi.L2vpnEvpn));
        Assert.That(unreach.Withdrawn.ToArray(), Is.EqualTo(EvpnImet()));
        Assert.That(reader.IsEndOfRib(out _), Is.False);
    }

    [Test]
    public void RecognisesEndOfRib()
    {
        Assert.That(new UpdateReader(Update([], [], [])).IsEndOfRib(out var ipv4), Is.True);
        Assert.That(ipv4, Is.EqualTo(AfiSafi.Ipv4Unicast));
        Assert.That(new UpdateReader(Update([], Attr(0x80, 15, 0, 25, 70), [])).IsEndOfRib(out var evpn), Is.True);
        Assert.That(evpn, Is.EqualTo(AfiSafi.L2vpnEvpn));
        Assert.That(new UpdateReader(Ipv4Update).IsEndOfRib(out _), Is.False);
    }

    [Test]
    public void IteratingAndValidatingAllocatesNothing()
    {
        var options = UpdateCodecOptions.Default;
        long Walk(byte[] frame)
        {
            long sum = 0;
            var reader = new UpdateReader(frame);
            sum += (int)reader.Validate(options).Action;
            foreach (var prefix in reader.WithdrawnRoutes)
            {
                sum += prefix.Length;
            }
            foreach (var attribute in reader.Attributes)
            {
                sum += attribute.Value.Length + (byte)attribute.Flags;
            }
            foreach (var prefix in reader.Nlri)
            {
                sum += prefix.Address;
            }
            if (reader.TryGetMpReach(out var reach))
            {
                sum += reach.Nlri.Length + reach.NextHop.Length;
            }
            sum += reader.IsEndOfRib(out _) ? 1 : 0;
            return sum;
        }
        for (int i = 0; i < 100; i++)
        {
            Walk(Ipv4Update);
            Walk(EvpnUpdate);
        }

        // Steady state: the runtime allocates a few bytes once on this thread while it re-compiles
        // hot methods (tiering); a per-message allocation would show in every round.
        long allocated = long.MaxValue;
        long total = 0;
        for (int round = 0; round < 3 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                total += Walk(Ipv4Update) + Walk(EvpnUpdate);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(total, Is.GreaterThan(0));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void InconsistentLengthsLeaveEmptyFields()
    {
        var reader = new UpdateReader(Message(2, [0, 10, 0, 0]));

        Assert.That(reader.LengthsAreConsistent, Is.False);
        Assert.That(reader.PathAttributesField.IsEmpty, Is.True);
        Assert.That(reader.Attributes.MoveNext(), Is.False);
    }
}
