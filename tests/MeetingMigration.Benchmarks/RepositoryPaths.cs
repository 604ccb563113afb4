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
        throw new InvalidOperationException("Cannot find the repository root (no Directory.Build.props above the current folder).");
    }
}
