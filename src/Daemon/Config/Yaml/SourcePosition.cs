namespace Evpnd.Daemon.Config.Yaml;

/// <summary>A 1-based line and column in the configuration file, as an editor shows them.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
