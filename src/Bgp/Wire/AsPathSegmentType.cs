namespace Evpnd.Bgp.Wire;

/// <summary>AS_PATH segment types (RFC 4271 s4.3, RFC 5065 s3 for the confederation ones).</summary>
public enum AsPathSegmentType : byte
{
    AsSet = 1,
    AsSequence = 2,
    ConfedSequence = 3,
    ConfedSet = 4,
}
