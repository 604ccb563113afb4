using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>
    /// MeetingMigration.HelpBuilder &lt;docs folder&gt; &lt;output file&gt; [--assembly &lt;module dll&gt; [--reference &lt;dll or folder&gt;]...]
    /// Errors are written in MSBuild's format ("file(line): error MMHELP: ...") and the exit code is 1; the output file is
    /// then removed, so a failed run never leaves stale help behind.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? docs = null, output = null, assembly = null;
            var references = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--assembly" when i + 1 < args.Length: assembly = args[++i]; break;
                    case "--reference" when i + 1 < args.Length: references.Add(args[++i]); break;
                    default:
                        if (args[i].StartsWith("--", StringComparison.Ordinal) || (docs != null && output != null)) return Usage($"unexpected argument '{args[i]}'");
                        if (docs == null) docs = args[i]; else output = args[i];
                        break;
                }
            }
            if (docs == null || output == null) return Usage("the docs folder and the output file are required");

            try
            {
                IReadOnlyList<CmdletMetadata>? cmdlets = null;
                if (assembly != null)
                {
                    cmdlets = CmdletMetadataReader.Read(assembly, references);
                    if (cmdlets.Count == 0) throw new HelpBuildFailedException(new[] { new HelpBuildException(assembly, 0, "the assembly has no cmdlets.") });
                }
                var xml = HelpFileBuilder.Build(docs, cmdlets, Console.Out.WriteLine);
                var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
                Directory.CreateDirectory(folder);
                var temp = Path.Combine(folder, "." + Path.GetFileName(output) + ".tmp");
                File.WriteAllText(temp, xml);
                File.Move(temp, output, overwrite: true);
                Console.Out.WriteLine($"MeetingMigration.HelpBuilder: {output} ({(cmdlets?.Count.ToString(CultureInfo.InvariantCulture) ?? "all")} cmdlets from {docs})");
                return 0;
            }
            catch (HelpBuildFailedException e)
            {
                foreach (var error in e.Errors) Console.Error.WriteLine(error.ToMSBuildError());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                Console.Error.WriteLine($"{assembly ?? docs}: error MMHELP: {e.Message}");
            }
            if (File.Exists(output)) File.Delete(output);
            return 1;
        }

        private static int Usage(string problem)
        {
            Console.Error.WriteLine($"MeetingMigration.HelpBuilder: error MMHELP: {problem}.");
            Console.Error.WriteLine("usage: MeetingMigration.HelpBuilder <docs folder> <output file> [--assembly <module dll> [--reference <dll or folder>]...]");
            return 2;
        }
    }
}
