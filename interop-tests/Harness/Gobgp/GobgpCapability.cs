using System.Text.Json.Serialization;

namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>
/// A capability as `gobgp neighbor -j` prints it: a protobuf Any, the type name in type_url and
/// the message bytes in base64.
/// </summary>
public sealed record GobgpCapability
{
    [JsonPropertyName("type_url")]
    public string TypeUrl { get; init; } = "";

    public string? Value { get; init; }

    /// <summary>
    /// The AFI/SAFI of a MultiProtocolCapability, decoded from its protobuf bytes:
    /// field 1 (Family, length-delimited) holding field 1 afi and field 2 safi as varints.
    /// </summary>
    public (int Afi, int Safi)? MultiprotocolFamily
    {
        get
        {
            if (!TypeUrl.EndsWith(".MultiProtocolCapability", StringComparison.Ordinal) || Value is null)
            {
                return null;
            }

            byte[] bytes = Convert.FromBase64String(Value);
            if (bytes.Length < 2 || bytes[0] != 0x0A)
            {
                return null;
            }

            int afi = 0;
            int safi = 0;
            int end = Math.Min(bytes.Length, 2 + bytes[1]);
            int i = 2;
            while (i < end)
            {
                int tag = bytes[i++];
                int value = 0;
                int shift = 0;
                while (i < end)
                {
                    byte b = bytes[i++];
                    value |= (b & 0x7F) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0)
                    {
                        break;
                    }
                }

                if (tag == 0x08)
                {
                    afi = value;
                }
                else if (tag == 0x10)
                {
                    safi = value;
                }
            }

            return (afi, safi);
        }
    }
}
