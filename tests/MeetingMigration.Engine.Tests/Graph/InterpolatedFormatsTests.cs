using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// The culture analyzers (src/CultureRules.globalconfig) make a culture-sensitive Format or ToString call a build error
    /// in shipped code, but they do not look inside interpolated strings: <c>$"{start:yyyy-MM-dd}"</c> formats with the
    /// session's culture (the Buddhist year under th-TH, 23.04.18 for a time under fi-FI). So a format specifier in an
    /// interpolation hole of shipped code must be one that writes the same text in every culture; instants in messages go
    /// through Errors/UtcText. A new specifier fails this test until it is shown to be culture-free and added here.
    /// </summary>
    public sealed class InterpolatedFormatsTests
    {
        private static readonly HashSet<string> CultureFree = new HashSet<string>(StringComparer.Ordinal)
        {
            "D", "N",             // Guid: hex digits and hyphens
            "X2", "X4", "x4",     // hexadecimal
            "D4", "0",            // whole numbers with no separator (digits are ASCII in every .NET culture)
            "o", "u",             // DateTime round-trip and universal sortable: fixed, invariant patterns
            "c",                  // TimeSpan constant format: invariant
        };

        // A hole's expression, then ':' and a specifier with no space, parenthesis or quote (a ternary is not a format).
        private static readonly Regex Hole = new Regex(@"\{[^{}""]+?:([^{}"" ()]+)\}", RegexOptions.CultureInvariant);

        [Fact]
        public void Interpolation_holes_in_shipped_code_carry_only_culture_free_format_specifiers()
        {
            var source = Path.Combine(RepositoryRoot(), "src");
            var offending = new List<string>();
            var holes = 0;
            foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
            {
                var number = 0;
                foreach (var line in File.ReadLines(file))
                {
                    number++;
                    var start = line.IndexOf("$\"", StringComparison.Ordinal);
                    if (start < 0) start = line.IndexOf("$@\"", StringComparison.Ordinal);
                    if (start < 0) continue;
                    foreach (Match hole in Hole.Matches(line.Substring(start)))
                    {
                        holes++;
                        if (!CultureFree.Contains(hole.Groups[1].Value))
                            offending.Add($"{Path.GetRelativePath(source, file)}:{number}: {hole.Value}");
                    }
                }
            }
            Assert.True(holes > 50, $"only {holes} formatted holes found: the scan no longer reads the sources"); // it reads ~70 today
            Assert.True(offending.Count == 0, "Culture-sensitive format specifiers in interpolated strings:\n" + string.Join("\n", offending));
        }

        private static string RepositoryRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "MeetingMigration.sln"))) return folder.FullName;
            throw new InvalidOperationException($"No MeetingMigration.sln above {AppContext.BaseDirectory}.");
        }
    }
}
