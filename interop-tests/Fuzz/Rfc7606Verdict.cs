namespace Evpnd.Interop.Tests.Fuzz;

/// <summary>
/// What RFC 7606 (with RFC 4271 s6.3 and RFC 4760 s7) lets a speaker do with one UPDATE: whether a
/// session reset is allowed at all, and if so with which UPDATE Message Error subcodes (code 3).
/// </summary>
public sealed record Rfc7606Verdict(bool ResetAllowed, IReadOnlySet<byte> Subcodes, string Why)
{
    public static readonly Rfc7606Verdict NoReset = new(false, new HashSet<byte>(), "no error that calls for a session reset");

    /// <summary>The NOTIFICATION (code/subcode) is one this UPDATE allows.</summary>
    public bool Allows(byte code, byte subcode) => ResetAllowed && code == 3 && Subcodes.Contains(subcode);
}
