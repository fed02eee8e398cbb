using System.Net;
using Evpnd.Bgp.Wire;
using static Evpnd.Bgp.Tests.Wire.WireBytes;

namespace Evpnd.Bgp.Tests.Wire;

public sealed class AttributeSetInternerTests
{
    private static byte[] EvpnUpdate(byte route, params byte[][] attributes) =>
        Update([], Block([MpReachEvpn(EvpnImet(route)), .. attributes]), []);

    private static readonly byte[][] Common =
        [OriginAttr(), AsPath4(65001), Attr(0xC0, 16, 0, 2, 0xFD, 0xE9, 0, 0, 0, 100)];

    private static PathAttributeSet Intern(AttributeSetInterner interner, byte[] frame, bool fourOctetAs = true)
    {
        var reader = new UpdateReader(frame);
        var options = new UpdateCodecOptions(fourOctetAs);
        return interner.Intern(reader, options, reader.Validate(options));
    }

    [Test]
    public void SameAttributesWithDifferentRoutesShareOneSet()
    {
        var interner = new AttributeSetInterner();

        var a = Intern(interner, EvpnUpdate(1, Common));
        var b = Intern(interner, EvpnUpdate(2, Common));

        Assert.That(b, Is.SameAs(a));
        Assert.That(interner.Count, Is.EqualTo(1));
        Assert.That(a.Origin, Is.EqualTo(Origin.Igp));
        Assert.That(a.AsPath, Is.EqualTo(AsPathAttribute.Sequence(65001)));
        Assert.That(a.ExtendedCommunities!.Communities.Single().Value, Is.EqualTo(0x0002FDE900000064UL));
        Assert.That(a.Get<MpReachNlriAttribute>(), Is.Null, "MP_REACH carries the routes, not the shared attributes");
    }

    [Test]
    public void DifferentAttributesGiveDifferentSets()
    {
        var interner = new AttributeSetInterner();

        var a = Intern(interner, EvpnUpdate(1, Common));
        var b = Intern(interner, EvpnUpdate(1, [.. Common, Attr(0x40, 5, 0, 0, 0, 200)]));

        Assert.That(b, Is.Not.SameAs(a));
        Assert.That(b.LocalPref, Is.EqualTo(200u));
        Assert.That(interner.Count, Is.EqualTo(2));
    }

    [Test]
    public void SameBytesFromTwoAndFourOctetSessionsAreDifferentSets()
    {
        var interner = new AttributeSetInterner();
        // Two 1-AS sequences at 4 octets; a 1-AS and a 3-AS sequence at 2 octets.
        var frame = EvpnUpdate(1, OriginAttr(), Attr(0x40, 2, 2, 1, 0, 1, 2, 3, 2, 1, 0, 5, 0, 6));

        var four = Intern(interner, frame, fourOctetAs: true);
        var two = Intern(interner, frame, fourOctetAs: false);

        Assert.That(two, Is.Not.SameAs(four));
        Assert.That(four.AsPath!.Segments.SelectMany(s => s.Asns), Is.EqualTo(new uint[] { 0x00010203, 0x00050006 }));
        Assert.That(two.AsPath!.Segments.SelectMany(s => s.Asns), Is.EqualTo(new uint[] { 1, 0x0201, 5, 6 }));
    }

    [Test]
    public void TwoOctetPeerPathIsMergedWithAs4Path()
    {
        var interner = new AttributeSetInterner();
        // AS_PATH 65002 AS_TRANS, AS4_PATH 4200000001 (RFC 6793 s4.2.3).
        var frame = EvpnUpdate(1, OriginAttr(), Attr(0x40, 2, 2, 2, 0xFD, 0xEA, 0x5B, 0xA0), Attr(0xC0, 17, 2, 1, 0xFA, 0x56, 0xEA, 0x01));

        var set = Intern(interner, frame, fourOctetAs: false);

        Assert.That(set.AsPath, Is.EqualTo(AsPathAttribute.Sequence(65002, 4200000001)));
        Assert.That(set.Get<As4PathAttribute>(), Is.Null);
    }

    [Test]
    public void DiscardedAttributesAreNotPartOfTheSet()
    {
        var interner = new AttributeSetInterner();

        var clean = Intern(interner, EvpnUpdate(1, Common));
        var withBadAtomicAggregate = Intern(interner, EvpnUpdate(1, [.. Common, Attr(0x40, 6, 0)]));

        Assert.That(withBadAtomicAggregate, Is.SameAs(clean));
    }

    [Test]
    public void LookupOfAKnownSetAllocatesNothing()
    {
        var interner = new AttributeSetInterner();
        var first = EvpnUpdate(1, Common);
        var second = EvpnUpdate(2, Common);
        var options = UpdateCodecOptions.Default;
        var expected = Intern(interner, first);
        for (int i = 0; i < 100; i++)
        {
            Intern(interner, second);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int hits = 0;
        for (int i = 0; i < 10_000; i++)
        {
            var reader = new UpdateReader((i & 1) == 0 ? first : second);
            var validation = reader.Validate(options);
            if (ReferenceEquals(interner.Intern(reader, options, validation), expected))
            {
                hits++;
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(hits, Is.EqualTo(10_000));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void LocallyBuiltAttributesInternToTheSameSetAsReceivedBytes()
    {
        var interner = new AttributeSetInterner();
        var received = Intern(interner, EvpnUpdate(1, OriginAttr(), AsPath4(65001)));

        var local = interner.Intern([new OriginAttribute(Origin.Igp), AsPathAttribute.Sequence(65001),
            new MpReachNlriAttribute(AfiSafi.L2vpnEvpn, MpReachNlriAttribute.EncodeNextHop(IPAddress.Parse("10.0.0.1")), [])]);

        Assert.That(local, Is.SameAs(received));
        Assert.That(local.Encoded.ToArray(), Is.EqualTo(Block(OriginAttr(), AsPath4(65001))));
    }
}
