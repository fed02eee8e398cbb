namespace Evpnd.KernelSync.Tests.Model;

public sealed class IpAddressValueTests
{
    [Test]
    public void IP_addresses_keep_their_family()
    {
        Assert.That(IpAddressValue.Parse("10.255.0.1").BitLength, Is.EqualTo(32));
        Assert.That(IpAddressValue.Parse("fd00::1").BitLength, Is.EqualTo(128));
        Assert.That(IpAddressValue.Parse("::"), Is.Not.EqualTo(IpAddressValue.None));
        Assert.That(IpAddressValue.Parse("0.0.0.0"), Is.Not.EqualTo(IpAddressValue.Parse("::")));
        Assert.That(IpAddressValue.Parse("fd00::1").ToString(), Is.EqualTo("fd00::1"));
    }

    [Test]
    public void An_address_value_is_24_bytes_and_keeps_every_bit()
    {
        // Held in every route key, intent and removal: a 16-byte aligned UInt128 made it 32.
        Assert.That(System.Runtime.CompilerServices.Unsafe.SizeOf<IpAddressValue>(), Is.EqualTo(24));
        var address = IpAddressValue.Parse("fd00:1:2:3:4:5:6:7");
        Assert.That(address.Bits, Is.EqualTo(new UInt128(0xfd00_0001_0002_0003, 0x0004_0005_0006_0007)));
        Span<byte> bytes = stackalloc byte[16];
        address.Write(bytes);
        Assert.That(IpAddressValue.Read(bytes), Is.EqualTo(address));
        Assert.That(IpAddressValue.Parse("fd00::1"), Is.Not.EqualTo(IpAddressValue.Parse("fd00:0:0:1::")));
    }
}
