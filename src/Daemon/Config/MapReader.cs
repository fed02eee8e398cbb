using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

/// <summary>
/// Reads one YAML map of the configuration: reports unknown keys (with a suggestion), duplicate
/// keys and missing required keys, and hands out the values of the known ones.
/// </summary>
internal sealed class MapReader
{
    private readonly MappingNode _map;
    private readonly ConfigSection _section;
    private readonly ConfigErrors _errors;
    private readonly Dictionary<string, KeyValuePair<ScalarNode, ConfigNode>> _entries = new(StringComparer.Ordinal);

    public MapReader(MappingNode map, ConfigSection section, ConfigErrors errors)
    {
        _map = map;
        _section = section;
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
            if (!section.Keys.Contains(name.Value))
            {
                errors.Add(name, $"unknown key '{name.Value}' {section.Where}{Hint(name.Value, section)}");
            }
        }
    }

    /// <summary>Opens <paramref name="node"/> as a map, or reports that it must be one and returns null.</summary>
    public static MapReader? Open(ConfigNode node, ConfigSection section, ConfigErrors errors)
    {
        if (node is MappingNode map)
        {
            return new MapReader(map, section, errors);
        }

        errors.Add(node, $"{section.What} must be a map, not {node.Describe()}");
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
            _errors.Add(_map, $"missing required key '{key}' {_section.Where}");
            return null;
        }

        if (entry.Value is ScalarNode { IsNull: true })
        {
            _errors.Add(entry.Key, $"key '{key}' has no value");
            return null;
        }

        return entry.Value;
    }

    // A close spelling in this map first; otherwise, a key of another map was probably indented
    // into the wrong place.
    private static string Hint(string key, ConfigSection section)
    {
        if (Suggestion.Closest(key, section.Keys) is { } close)
        {
            return $" (did you mean '{close}'?)";
        }

        return section.ElsewhereFor(key) is { } home ? $" ('{key}' belongs {home.Home}; check the indentation)" : string.Empty;
    }
}
