using System;
using System.IO;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>Where the repository, the built module and the built shell are, found from the test assembly's folder.</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(FindRoot);

        public static string RepoRoot => Root.Value;
        public static string ModuleFolder => Path.Combine(RepoRoot, "out", "MeetingMigration");
        public static string ModuleManifest => Path.Combine(ModuleFolder, "MeetingMigration.psd1");
        public static string SourceManifest => Path.Combine(RepoRoot, "MeetingMigration.psd1");

        /// <summary>mmshell.dll of the configuration these tests were built in, else any configuration's.</summary>
        public static string ShellAssembly
        {
            get
            {
                var bin = Path.Combine(RepoRoot, "src", "MeetingMigration.Shell", "bin");
                var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name; // bin/<Configuration>/net10.0/
                if (configuration != null)
                {
                    var preferred = Path.Combine(bin, configuration, "net10.0", "mmshell.dll");
                    if (File.Exists(preferred)) return preferred;
                }
                if (Directory.Exists(bin))
                {
                    foreach (var folder in Directory.GetDirectories(bin))
                    {
                        var candidate = Path.Combine(folder, "net10.0", "mmshell.dll");
                        if (File.Exists(candidate)) return candidate;
                    }
                }
                throw new FileNotFoundException($"mmshell.dll was not found under {bin}; build src/MeetingMigration.Shell.");
            }
        }

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
