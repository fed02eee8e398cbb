using System.Globalization;
using System.Text.Json;

namespace Evpnd.Interop.Tests.Harness.Gobgp;

/// <summary>
/// One path of `gobgp global rib -a evpn -j`. Attributes stay raw JSON (their shape differs per
/// type); the helpers read MP_REACH's next hop (type 14) and the extended communities (type 16).
/// </summary>
public sealed record GobgpEvpnPath
{
    public required GobgpEvpnNlri Nlri { get; init; }

    public bool Best { get; init; }

    public bool Stale { get; init; }

    public JsonElement[] Attrs { get; init; } = [];

    public string? Nexthop =>
        Attrs.Where(a => AttributeType(a) == 14 && a.TryGetProperty("nexthop", out _))
            .Select(a => a.GetProperty("nexthop").GetString())
            .FirstOrDefault();

    /// <summary>
    /// Route targets as "AS:NN" / "IP:NN" (GoBGP prints them that way in `value`), and the
    /// encapsulation as "encap:N" (8 = VXLAN).
    /// </summary>
    public IReadOnlyList<string> ExtendedCommunities
    {
        get
        {
            List<string> communities = [];
            foreach (JsonElement attribute in Attrs.Where(a => AttributeType(a) == 16))
            {
                foreach (JsonElement community in attribute.GetProperty("value").EnumerateArray())
                {
                    if (community.TryGetProperty("tunnel_type", out JsonElement tunnel))
                    {
                        communities.Add(string.Create(CultureInfo.InvariantCulture, $"encap:{tunnel.GetInt32()}"));
                    }
                    else if (community.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.String)
                    {
                        communities.Add(value.GetString()!);
                    }
                }
            }

            return communities;
        }
    }

    private static int AttributeType(JsonElement attribute) =>
        attribute.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.Number ? type.GetInt32() : -1;
}
