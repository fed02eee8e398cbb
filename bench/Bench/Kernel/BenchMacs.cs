using System.Buffers.Binary;

namespace Evpnd.Bench.Kernel;

/// <summary>The N remote MACs every writer installs: 02:00:00:00:00:00 + i (locally administered, unicast).</summary>
internal static class BenchMacs
{
    public const string RemoteVtep = "10.255.0.2";

    public static void Write(int index, Span<byte> mac)
    {
        mac[0] = 0x02;
        mac[1] = 0x00;
        BinaryPrimitives.WriteUInt32BigEndian(mac[2..], (uint)index + 1);
    }

    public static string Text(int index)
    {
        Span<byte> mac = stackalloc byte[6];
        Write(index, mac);
        return $"{mac[0]:x2}:{mac[1]:x2}:{mac[2]:x2}:{mac[3]:x2}:{mac[4]:x2}:{mac[5]:x2}";
    }
}
