using System.Net;

namespace Evpnd.Interop.Tests.Harness.RawBgp;

/// <summary>
/// Where a raw peer's type-2 routes come from: its AS, its VTEP (the MP_REACH next hop), its RD
/// (IPv4 address : number) and the VNI (label and route target AS:VNI).
/// </summary>
public sealed record RawEvpnOrigin(uint Asn, IPAddress Vtep, IPAddress RdAddress, ushort RdNumber, int Vni);
