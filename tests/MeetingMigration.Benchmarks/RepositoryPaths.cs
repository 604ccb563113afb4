using System;
using System.IO;

namespace MeetingMigration.Benchmarks;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder upwards holding Directory.Build.props (dotnet run starts in the caller's folder).</summary>
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) return dir.FullName;
            }
        }
        throw new BenchmarkSetupException($"cannot find the repository (no Directory.Build.props above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'): run the benchmark from the repository it was built in, as `dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- <benchmark>`.");
    }

    /// <summary>
    /// A project's build next to the benchmark's own (same configuration and framework), e.g.
    /// src/MeetingMigration.Sandbox/bin/Release/net10.0/MeetingMigration.Sandbox.dll; refused with how to build it when absent.
    /// </summary>
    public static string BuiltAssembly(string project)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = own.Name;
        string configuration = own.Parent?.Name is "Debug" or "Release" ? own.Parent.Name : "Release";
        var candidate = Path.Combine(Root(), "src", project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(candidate))
            throw new BenchmarkSetupException($"no built {project} at '{candidate}': build it first (dotnet build -c {configuration} tests/MeetingMigration.Benchmarks builds it).");
        return candidate;
    }
}
