using Evpnd.Bench.Kernel;

namespace Evpnd.Bench.E2e;

/// <summary>
/// Finds the evpnd to measure: the path given (evpnd.dll runs under the dotnet host, anything else
/// is taken as the apphost), or src/Daemon of the checkout this benchmark was built from:
/// published as the Native AOT executable the .deb ships (by default), or with <c>--jit</c> built
/// with <c>dotnet build -c Release</c> and run under the dotnet host; both first (unless told not to). The benchmark does not reference
/// the daemon project: it measures whatever the checkout's evpnd is today.
/// </summary>
internal static class EvpndLocator
{
    public static (IReadOnlyList<string> Command, string Description) Locate(E2eOptions options)
    {
        string path;
        string description;
        if (options.EvpndPath is not null)
        {
            path = Path.GetFullPath(options.EvpndPath);
            description = path;
        }
        else
        {
            var root = RepositoryRoot()
                ?? throw new InvalidOperationException("cannot find the evpnd checkout (Evpn.sln) above the benchmark or the current directory; pass --evpnd PATH/evpnd.dll");
            var project = Path.Combine(root, "src", "Daemon");
            if (options.Jit)
            {
                if (!options.NoBuild)
                {
                    Console.WriteLine($"building {project} (Release)");
                    Shell.Run(Dotnet(), "build", project, "-c", "Release", "-nologo", "-clp:ErrorsOnly", "-v", "q");
                }

                path = Path.Combine(project, "bin", "Release", "net10.0", "evpnd.dll");
                description = $"{path} (JIT, {Commit(root)})";
            }
            else
            {
                // What the .deb ships (packaging/build-deb): the Native AOT executable. Published
                // beside the benchmark's own output, with build files of its own, so that the
                // checkout's ordinary build is not touched.
                var output = Path.Combine(AppContext.BaseDirectory, "evpnd-aot");
                if (!options.NoBuild)
                {
                    Console.WriteLine($"publishing {project} (Release, Native AOT, linux-x64)");
                    Shell.Run(Dotnet(), "publish", Path.Combine(project, "Daemon.csproj"), "-c", "Release", "-r", "linux-x64", "-nologo", "-clp:ErrorsOnly", "-v", "q",
                        "--artifacts-path", Path.Combine(AppContext.BaseDirectory, "evpnd-aot-build"), "-o", output);
                }

                path = Path.Combine(output, "evpnd");
                description = $"{path} (Native AOT, {Commit(root)})";
            }
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist: build it (dotnet build -c Release src/Daemon) or pass --evpnd");
        }

        IReadOnlyList<string> command = path.EndsWith(".dll", StringComparison.Ordinal) ? [Dotnet(), path] : [path];
        return (command, description);
    }

    /// <summary>The dotnet host: DOTNET_HOST_PATH when the SDK set it (`dotnet run`), else `dotnet` on PATH.</summary>
    private static string Dotnet()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(directory, "dotnet");
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("the dotnet host was not found on PATH");
    }

    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Evpn.sln"))
                    && File.Exists(Path.Combine(directory.FullName, "src", "Daemon", "Daemon.csproj")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The checkout's commit, "+ changes" when the working tree differs from it.</summary>
    private static string Commit(string root)
    {
        try
        {
            var commit = Shell.Run("git", "-C", root, "rev-parse", "--short", "HEAD").Trim();
            var dirty = Shell.Run("git", "-C", root, "status", "--porcelain", "--untracked-files=no", "--", "src").Trim().Length > 0;
            return dirty ? $"commit {commit} + uncommitted changes in src/" : $"commit {commit}";
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"commit unknown: {e.Message}";
        }
    }
}
