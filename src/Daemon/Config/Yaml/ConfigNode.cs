namespace Evpnd.Daemon.Config.Yaml;

/// <summary>
/// A node of the YAML document with the position where it starts. We build our own small tree
/// from the parser events (rather than YamlDotNet's representation model) so that duplicate keys
/// are kept, in order, and can be reported with both positions.
/// </summary>
internal abstract class ConfigNode
{
    protected ConfigNode(SourcePosition position)
    {
        Position = position;
    }

    public SourcePosition Position { get; }

    /// <summary>What the node is, as an operator reads it in an error ("a list", "a map", "'abc'").</summary>
    public abstract string Describe();
}
