namespace Evpnd.Evpn.Tests.Values;

public sealed class EthernetSegmentIdTests
{
    [Test]
    public void Parses_formats_and_round_trips_ten_octets()
    {
        var esi = EthernetSegmentId.Parse("01:02:00:00:00:dd:01:00:01:00");
        var bytes = new byte[10];
        esi.Write(bytes);

        Assert.That(esi.Type, Is.EqualTo(1));
        Assert.That(esi.IsZero, Is.False);
        Assert.That(esi.ToString(), Is.EqualTo("01:02:00:00:00:dd:01:00:01:00"));
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("01020000 00DD0100 0100".Replace(" ", "", StringComparison.Ordinal)));
        Assert.That(EthernetSegmentId.Read(bytes), Is.EqualTo(esi));
    }

    [Test]
    public void Zero_is_single_homed()
    {
        Assert.That(EthernetSegmentId.Parse("00:00:00:00:00:00:00:00:00:00"), Is.EqualTo(EthernetSegmentId.Zero));
        Assert.That(EthernetSegmentId.Zero.IsZero, Is.True);
    }

    [TestCase("01:02:00:00:00:dd:01:00:01")]
    [TestCase("01-02-00-00-00-dd-01-00-01-00")]
    public void Rejects_what_is_not_an_ESI(string text)
    {
        Assert.That(EthernetSegmentId.TryParse(text, out _), Is.False);
    }
}
