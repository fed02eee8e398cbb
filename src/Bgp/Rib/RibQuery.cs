using System.Net;
using Evpnd.Bgp.Wire;

namespace Evpnd.Bgp.Rib;

/// <summary>A snapshot request, answered on the worker.</summary>
internal sealed record RibQuery(RibView View, AfiSafi Family, IPAddress? Peer) : RibLocalRequest
{
    public TaskCompletionSource<IReadOnlyList<RibRoute>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
