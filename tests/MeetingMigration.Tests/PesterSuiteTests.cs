using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>
    /// Pester is not available on every build machine; this at least keeps tests/Pester parseable by PowerShell 7.6 and
    /// pointed at the built module.
    /// </summary>
    public sealed class PesterSuiteTests
    {
        public static TheoryData<string> Files()
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.RepoRoot, "tests", "Pester"), "*.ps1").OrderBy(f => f))
                data.Add(Path.GetFileName(file));
            return data;
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Parses_without_errors(string file)
        {
            var path = Path.Combine(RepoPaths.RepoRoot, "tests", "Pester", file);
            Parser.ParseFile(path, out _, out var errors);
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{file}:{e.Extent.StartLineNumber}: {e.Message}")));
        }

        [Fact]
        public void Every_test_file_imports_the_built_module_and_connects_to_a_TestDrive_store()
        {
            var files = Directory.GetFiles(Path.Combine(RepoPaths.RepoRoot, "tests", "Pester"), "*.Tests.ps1");
            Assert.True(files.Length >= 5);
            foreach (var file in files.Where(f => !f.EndsWith("Shell.Tests.ps1")))
            {
                var text = File.ReadAllText(file);
                Assert.Contains("BeforeAll {", text);
                Assert.Contains("out/MeetingMigration/MeetingMigration.psd1", text);
                Assert.Contains("Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')", text);
            }
        }
    }
}
