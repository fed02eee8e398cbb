using Evpnd.Daemon.Config.Yaml;

namespace Evpnd.Daemon.Config;

/// <summary>Loads and checks evpnd.yaml. See README-config.md for the keys.</summary>
internal static class ConfigLoader
{
    /// <summary>
    /// Reads and checks the file at <paramref name="path"/>; <paramref name="check"/>, when given,
    /// checks the result further (a reload's restart-only settings) and reports beside the rest.
    /// </summary>
    /// <exception cref="ConfigException">
    /// The file cannot be read (one sentence naming the path and the OS error), or has problems
    /// (one <c>path:line:column: text</c> line each, in file order).
    /// </exception>
    public static EvpndConfig Load(string path, Action<EvpndConfig, MappingNode, ConfigErrors>? check = null)
    {
        string text;
        try
        {
            if (Directory.Exists(path))
            {
                throw new ConfigException($"cannot read configuration file {path}: Is a directory");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read configuration file {path}: {OsError(ex)}", ex);
        }

        return Parse(text, path, check);
    }

    /// <summary>Checks <paramref name="yaml"/> as if read from <paramref name="fileName"/> (the name errors carry).</summary>
    /// <exception cref="ConfigException">One line per problem, in file order.</exception>
    public static EvpndConfig Parse(string yaml, string fileName, Action<EvpndConfig, MappingNode, ConfigErrors>? check = null)
    {
        var errors = new ConfigErrors(fileName);

        // File.ReadAllText drops a UTF-8 byte order mark; text from elsewhere may still carry one,
        // and YAML would take it as part of the first key.
        ConfigNode? root = YamlTreeBuilder.Build(yaml.TrimStart('\uFEFF'), errors, out bool syntaxError);
        EvpndConfig? config = syntaxError ? null : ConfigReader.Read(root, errors);
        if (config is not null && check is not null)
        {
            check(config, (MappingNode)root!, errors);
        }
        errors.ThrowIfAny();
        return config ?? throw new InvalidOperationException("configuration reader returned nothing yet reported no error");
    }

    // The framework's messages repeat the path and are not what `ls` would say; on Unix the
    // errno text is usually in the inner exception.
    private static string OsError(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException { InnerException: IOException inner } => inner.Message,
        UnauthorizedAccessException => "Permission denied",
        _ => ex.Message,
    };
}
