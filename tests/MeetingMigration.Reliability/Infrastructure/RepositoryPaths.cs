namespace MeetingMigration.Reliability.Infrastructure;

/// <summary>Where the repository and the built programs are, found from this assembly's own build folder.</summary>
public static class RepositoryPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MeetingMigration.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MeetingMigration.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The configuration this assembly was built in (bin/Release/net10.0 → Release), so the programs it runs match.</summary>
    private static (string Configuration, string Framework) OwnBuild()
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return (own.Parent?.Name ?? "Release", own.Name);
    }

    public static string ServiceDll() => Built("MeetingMigration.Service");

    public static string SandboxDll() => Built("MeetingMigration.Sandbox");

    /// <summary>The importable module the build writes (out/MeetingMigration).</summary>
    public static string Module() => Path.Combine(Root(), "out", "MeetingMigration", "MeetingMigration.psd1");

    private static string Built(string project)
    {
        var (configuration, framework) = OwnBuild();
        var path = Path.Combine(Root(), "src", project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"Build first: dotnet build MeetingMigration.sln -c {configuration}", path);
        return path;
    }
}
