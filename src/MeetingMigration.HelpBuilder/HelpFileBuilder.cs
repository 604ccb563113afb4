using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>Every problem found in the pages, so one build run reports them all.</summary>
    public sealed class HelpBuildFailedException : Exception
    {
        public HelpBuildFailedException(IReadOnlyList<HelpBuildException> errors)
            : base(string.Join(Environment.NewLine, errors.Select(e => e.ToMSBuildError()))) => Errors = errors;

        public IReadOnlyList<HelpBuildException> Errors { get; }
    }

    /// <summary>docs/cmdlets + the module assembly's cmdlets → the MAML text.</summary>
    public static class HelpFileBuilder
    {
        /// <param name="docsFolder">The folder of Name.md pages.</param>
        /// <param name="cmdlets">The cmdlets of the module (every one must have a page, every page a cmdlet), or null to
        /// build from the pages alone.</param>
        public static string Build(string docsFolder, IReadOnlyList<CmdletMetadata>? cmdlets, Action<string> warn)
        {
            if (!Directory.Exists(docsFolder))
                throw new HelpBuildFailedException(new[] { new HelpBuildException(docsFolder, 0, "the cmdlet documentation folder does not exist.") });
            var files = Directory.GetFiles(docsFolder, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToList();
            var errors = new List<HelpBuildException>();
            var commands = new List<CommandHelp>();

            if (cmdlets != null)
            {
                foreach (var cmdlet in cmdlets)
                {
                    var expected = Path.Combine(docsFolder, cmdlet.Name + ".md");
                    if (!files.Any(f => string.Equals(Path.GetFileName(f), cmdlet.Name + ".md", StringComparison.Ordinal)))
                        errors.Add(new HelpBuildException(expected, 0, $"the page of cmdlet {cmdlet.Name} is missing."));
                }
                foreach (var file in files)
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    if (cmdlets.All(c => !string.Equals(c.Name, name, StringComparison.Ordinal)))
                        errors.Add(new HelpBuildException(file, 0, $"the module has no cmdlet named {name} (pages are named <cmdlet>.md)."));
                }
            }
            if (files.Count == 0 && errors.Count == 0)
                errors.Add(new HelpBuildException(docsFolder, 0, "no cmdlet pages (*.md) in the folder."));

            foreach (var file in files)
            {
                try
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    var metadata = cmdlets?.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
                    if (cmdlets != null && metadata == null) continue; // reported above
                    var page = MarkdownPageParser.Parse(file, File.ReadAllText(file), name);
                    commands.Add(CommandHelpComposer.Compose(page, metadata, warn));
                }
                catch (HelpBuildException e)
                {
                    errors.Add(e);
                }
            }
            if (errors.Count > 0) throw new HelpBuildFailedException(errors);
            return MamlWriter.Write(commands.OrderBy(c => c.Name, StringComparer.Ordinal));
        }
    }
}
