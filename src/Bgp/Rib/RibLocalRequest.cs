namespace Evpnd.Bgp.Rib;

/// <summary>What the EVPN worker and the CLI ask of the RIB worker: a closed set, so an unhandled kind is a compiler error in its switch.</summary>
internal abstract record RibLocalRequest
{
    private protected RibLocalRequest()
    {
    }
}
