namespace Evpnd.Bgp.Wire;

/// <summary>How an UPDATE error is handled (RFC 7606 s2), weakest first.</summary>
public enum UpdateErrorAction
{
    None = 0,
    /// <summary>The malformed attribute is dropped; the rest of the UPDATE is processed.</summary>
    AttributeDiscard = 1,
    /// <summary>Every NLRI in the UPDATE is treated as withdrawn.</summary>
    TreatAsWithdraw = 2,
    /// <summary>The session is reset with a NOTIFICATION.</summary>
    SessionReset = 3,
}
