namespace Evpnd.Daemon.Config.Yaml;

/// <summary>A YAML sequence (a list).</summary>
internal sealed class SequenceNode : ConfigNode
{
    public SequenceNode(SourcePosition position, IReadOnlyList<ConfigNode> items)
        : base(position)
    {
        Items = items;
    }

    public IReadOnlyList<ConfigNode> Items { get; }

    public override string Describe() => "a list";
}
