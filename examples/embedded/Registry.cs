using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Evpnd.KernelSync;

namespace Evpnd.Examples.Embedded;

/// <summary>
/// The platform's own registry of the hosts it runs, one VNI per file:
/// <c>{ "vni": 100, "macs": [ { "mac": "02:00:00:00:01:01", "ip": "192.168.100.1" } ] }</c>.
/// A MAC may be listed once per IP it has; "ip" may be left out.
/// </summary>
internal sealed record Registry(uint Vni, IReadOnlyDictionary<MacAddress, IReadOnlySet<IPAddress>> Hosts)
{
    /// <exception cref="FormatException">The file is not a registry; the message says what is wrong.</exception>
    public static Registry Read(string path)
    {
        RegistryFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), RegistryJson.Default.RegistryFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
        if (file is null)
        {
            throw new FormatException($"{path}: empty; write {{ \"vni\": N, \"macs\": [...] }}");
        }
        Dictionary<MacAddress, IReadOnlySet<IPAddress>> hosts = [];
        foreach (var entry in file.Macs ?? [])
        {
            if (!MacAddress.TryParse(entry.Mac, out var mac))
            {
                throw new FormatException($"{path}: '{entry.Mac}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }
            IPAddress? ip = null;
            if (entry.Ip is not null && !IPAddress.TryParse(entry.Ip, out ip))
            {
                throw new FormatException($"{path}: '{entry.Ip}' (MAC {mac}) is not an IP address");
            }
            if (!hosts.TryGetValue(mac, out var ips))
            {
                hosts[mac] = ips = new HashSet<IPAddress>();
            }
            if (ip is not null)
            {
                ((HashSet<IPAddress>)ips).Add(ip);
            }
        }
        return new Registry(file.Vni, hosts);
    }
}

internal sealed record RegistryFile(uint Vni, IReadOnlyList<RegistryEntry>? Macs);

internal sealed record RegistryEntry(string Mac, string? Ip);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RegistryFile))]
internal sealed partial class RegistryJson : JsonSerializerContext;
