namespace Evpnd.Daemon.Config.Yaml;

/// <summary>A scalar: its text exactly as written (quotes removed), whether quoted or plain.</summary>
internal sealed class ScalarNode : ConfigNode
{
    public ScalarNode(SourcePosition position, string value, bool isNull)
        : base(position)
    {
        Value = value;
        IsNull = isNull;
    }

    public string Value { get; }

    /// <summary>
    /// An untagged plain <c>~</c>, <c>null</c> or nothing at all (YAML 1.2 core schema); a key
    /// written with no value reads as "not set".
    /// </summary>
    public bool IsNull { get; }

    public override string Describe() => IsNull ? "empty" : $"'{Value}'";
}
