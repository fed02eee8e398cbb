namespace Evpnd.KernelSync.Tests.Model;

public sealed class VniTests
{
    [Test]
    public void Is_24_bits_read_and_written_whole()
    {
        var bytes = new byte[3];
        new Vni(0xABCDEF).Write(bytes);

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("ABCDEF"));
        Assert.That(Vni.Read(bytes), Is.EqualTo(new Vni(0xABCDEF)));
        Assert.That(() => new Vni(Vni.MaxValue + 1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
