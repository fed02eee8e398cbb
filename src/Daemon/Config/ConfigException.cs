namespace Evpnd.Daemon.Config;

/// <summary>
/// The configuration cannot be used. <see cref="Exception.Message"/> is what to print: one line
/// per problem (<c>file:line:column: text</c>), or one sentence when the file cannot be read.
/// </summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The individual problems, in file order; empty when the file could not be read at all.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
