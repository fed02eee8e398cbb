namespace Evpnd.Bgp.Rib;

/// <summary>What <see cref="IRibFamily.ReadNlri"/> found at the start of an NLRI block.</summary>
public enum NlriReadStatus
{
    /// <summary>A route of this family.</summary>
    Route,

    /// <summary>A well-framed NLRI this speaker does not implement (an unknown EVPN route type): skipped by its length.</summary>
    Unsupported,

    /// <summary>
    /// A well-framed NLRI whose content is invalid (e.g. a length that no layout of its type has):
    /// the UPDATE is treated as withdraw (RFC 7606 s2, s5.4).
    /// </summary>
    Malformed,

    /// <summary>The block cannot be split any further (an NLRI overruns it).</summary>
    Truncated,
}
