using System.Net;

namespace Evpnd.Evpn.Instances;

/// <summary>How many routes one peer sent with a martian or own next hop, and the last of them.</summary>
public sealed record MartianNextHopCount(IPAddress? Peer, long Routes, MartianNextHop Last);
