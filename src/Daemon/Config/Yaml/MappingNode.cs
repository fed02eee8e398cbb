namespace Evpnd.Daemon.Config.Yaml;

/// <summary>A YAML mapping, its entries in document order, duplicates kept.</summary>
internal sealed class MappingNode : ConfigNode
{
    public MappingNode(SourcePosition position, IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> entries)
        : base(position)
    {
        Entries = entries;
    }

    public IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> Entries { get; }

    public override string Describe() => "a map";
}
