namespace Evpnd.KernelSync.Tests.Model;

public sealed class MacAddressTests
{
    [TestCase("02:00:00:00:00:01", 0x0200_0000_0001UL, "02:00:00:00:00:01")]
    [TestCase("AA-BB-CC-DD-EE-FF", 0xAABB_CCDD_EEFFUL, "aa:bb:cc:dd:ee:ff")]
    public void Parses_and_formats(string text, ulong value, string formatted)
    {
        var mac = MacAddress.Parse(text);

        Assert.That(mac.Value, Is.EqualTo(value));
        Assert.That(mac.ToString(), Is.EqualTo(formatted));
        var bytes = new byte[6];
        mac.Write(bytes);
        Assert.That(MacAddress.Read(bytes), Is.EqualTo(mac));
    }

    [TestCase("02:00:00:00:00")]
    [TestCase("02:00:00:00:00:0g")]
    [TestCase("0200.0000.0001")]
    [TestCase("02:00:00:00:00:001")]
    public void Rejects_what_is_not_a_MAC(string text)
    {
        Assert.That(MacAddress.TryParse(text, out _), Is.False);
    }
}
