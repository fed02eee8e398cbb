namespace Evpnd.Daemon.Config;

/// <summary>One problem in a configuration file, at a 1-based line and column.</summary>
internal readonly record struct ConfigError(string FileName, int Line, int Column, string Text)
{
    /// <summary>The compiler-style line an operator (and their editor) understands: <c>file:line:column: text</c>.</summary>
    public override string ToString() => $"{FileName}:{Line}:{Column}: {Text}";
}
