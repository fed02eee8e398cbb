using System.Buffers.Binary;

namespace Evpnd.Bench.E2e;

/// <summary>
/// The addresses of the end-to-end lab. The DUT and the injector share a /30 on a veth pair; the
/// remote VTEPs the injector announces live in 10.200.0.0/16, the VTEP MACs move to in
/// 10.201.0.0/16; the DUT reaches both via the injector (FRR marks a route whose next hop is
/// unreachable invalid). Addresses are IPv4 as a 32-bit number, most significant octet first.
/// </summary>
internal static class E2eAddresses
{
    public const int Asn = 65000;
    public const int Vni = 100;
    public const string DutAddress = "10.0.0.1";
    public const string InjectorAddress = "10.0.0.2";
    public const string DutVtep = "10.255.0.1";
    public const string RemoteVtepRoute = "10.200.0.0/15";
    public const uint InjectorRouterId = 0x0a000002;
    public const uint FirstRemoteVtep = 0x0ac80001;
    public const uint MoveVtep = 0x0ac90001;

    public static uint RemoteVtep(int vtep) => FirstRemoteVtep + (uint)vtep;

    public static string Text(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.{bytes[3]}";
    }
}
