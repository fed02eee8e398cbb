namespace Evpnd.Evpn.Instances;

/// <summary>
/// The fields of a type-2 NLRI other than MAC and IP (RFC 7432 s7.2): a VTEP advertises all its
/// MACs of one EVI with the same RD, ESI, Ethernet Tag and labels, so one of these stands for them all.
/// </summary>
internal readonly record struct NlriTemplateKey(RouteDistinguisher Rd, EthernetTag EthernetTag, EthernetSegmentId Esi, uint Label1, uint? Label2);
