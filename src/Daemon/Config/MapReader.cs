using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

/// <summary>
/// Reads one YAML map of the configuration: reports unknown keys (with a suggestion), duplicate
/// keys and missing required keys, and hands out the values of the known ones.
/// </summary>
internal sealed class MapReader
{
    private readonly MappingNode _map;
    private readonly string _where;
    private readonly ConfigErrors _errors;
    private readonly Dictionary<string, KeyValuePair<ScalarNode, ConfigNode>> _entries = new(StringComparer.Ordinal);

    /// <param name="map">The map.</param>
    /// <param name="where">Where the map is, for messages: "at the top level", "in neighbor".</param>
    /// <param name="knownKeys">Every key this map may hold.</param>
    /// <param name="errors">Where problems go.</param>
    public MapReader(MappingNode map, string where, IReadOnlyCollection<string> knownKeys, ConfigErrors errors)
    {
        _map = map;
        _where = where;
        _errors = errors;
        foreach ((ConfigNode key, ConfigNode value) in map.Entries)
        {
            if (key is not ScalarNode { IsNull: false } name)
            {
                errors.Add(key, $"a key must be a name, not {key.Describe()}");
                continue;
            }

            if (_entries.TryGetValue(name.Value, out KeyValuePair<ScalarNode, ConfigNode> first))
            {
                errors.Add(name, $"duplicate key '{name.Value}' (first defined at line {first.Key.Position.Line})");
                continue;
            }

            _entries.Add(name.Value, new KeyValuePair<ScalarNode, ConfigNode>(name, value));
            if (!knownKeys.Contains(name.Value))
            {
                errors.Add(name, $"unknown key '{name.Value}' {where}{Suggestion.DidYouMean(name.Value, knownKeys)}");
            }
        }
    }

    public SourcePosition Position => _map.Position;

    /// <summary>
    /// Opens <paramref name="node"/> as a map, or reports "<paramref name="what"/> must be a map"
    /// and returns null.
    /// </summary>
    public static MapReader? Open(ConfigNode node, string what, string where, IReadOnlyCollection<string> knownKeys, ConfigErrors errors)
    {
        if (node is MappingNode map)
        {
            return new MapReader(map, where, knownKeys, errors);
        }

        errors.Add(node, $"{what} must be a map, not {node.Describe()}");
        return null;
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or has no value (the default applies).</summary>
    public ConfigNode? Optional(string key) =>
        _entries.TryGetValue(key, out KeyValuePair<ScalarNode, ConfigNode> entry) && entry.Value is not ScalarNode { IsNull: true }
            ? entry.Value
            : null;

    /// <summary>The value of <paramref name="key"/>; reports it missing (at this map) or empty (at the key) and returns null.</summary>
    public ConfigNode? Required(string key)
    {
        if (!_entries.TryGetValue(key, out KeyValuePair<ScalarNode, ConfigNode> entry))
        {
            _errors.Add(_map, $"missing required key '{key}' {_where}");
            return null;
        }

        if (entry.Value is ScalarNode { IsNull: true })
        {
            _errors.Add(entry.Key, $"key '{key}' has no value");
            return null;
        }

        return entry.Value;
    }
}
