using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

/// <summary>
/// Collects every problem found while reading one file, so that an operator can fix them all in
/// one go instead of one per restart.
/// </summary>
internal sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public ConfigErrors(string fileName)
    {
        FileName = fileName;
    }

    public string FileName { get; }

    public bool Any => _errors.Count > 0;

    public void Add(SourcePosition position, string text)
    {
        // Error texts are single lines by contract; a stray newline (from a quoted value echoed
        // back) must not split one error over two lines.
        string oneLine = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        _errors.Add(new ConfigError(FileName, position.Line, position.Column, oneLine));
    }

    public void Add(ConfigNode node, string text) => Add(node.Position, text);

    /// <summary>Throws when anything was reported; errors come out in file order.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        // OrderBy is stable: two errors at the same position keep the order they were found in.
        throw new ConfigException(_errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray());
    }
}
