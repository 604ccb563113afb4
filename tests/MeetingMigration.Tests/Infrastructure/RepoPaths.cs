using System;
using System.IO;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>Where the repository, and the built module are, found from the test assembly's folder.</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(FindRoot);

        public static string RepoRoot => Root.Value;
        public static string ModuleFolder => Path.Combine(RepoRoot, "out", "MeetingMigration");
        public static string ModuleManifest => Path.Combine(ModuleFolder, "MeetingMigration.psd1");
        public static string SourceManifest => Path.Combine(RepoRoot, "MeetingMigration.psd1");

        private static string FindRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "MeetingMigration.sln")) &&
                    File.Exists(Path.Combine(folder.FullName, "MeetingMigration.psd1")))
                    return folder.FullName;
            }
            throw new DirectoryNotFoundException($"No repository root (MeetingMigration.sln) above {AppContext.BaseDirectory}.");
        }
    }
}
