namespace Evpnd.Bgp.Wire;

/// <summary>The flag bits that say what kind of attribute this is; RFC 7606 s3 checks these.</summary>
internal static class PathAttributeCategory
{
    public const PathAttributeFlags Mask = PathAttributeFlags.Optional | PathAttributeFlags.Transitive;
}
