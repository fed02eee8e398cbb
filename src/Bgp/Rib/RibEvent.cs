namespace Evpnd.Bgp.Rib;

/// <summary>
/// One message to the RIB worker. A struct, so posting an UPDATE allocates nothing: its bytes are
/// in <see cref="Buffer"/>, rented from the shared ArrayPool and returned once processed.
/// </summary>
internal readonly record struct RibEvent(RibEventKind Kind, IRibPeer? Peer, byte[]? Buffer, int Length, object? Payload);
