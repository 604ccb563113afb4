using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>
    /// Reads a cmdlet page in platyPS's markdown layout. It is strict about structure (a missing or unknown section, an
    /// example without code, an unterminated code block or a yaml line that is not "Key: value" are errors naming the file
    /// and line) and keeps the prose as paragraphs, list items and code blocks.
    /// </summary>
    public static class MarkdownPageParser
    {
        private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS" };
        private static readonly string[] KnownSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        /// <summary>The keys platyPS writes in a parameter's yaml block.</summary>
        public static readonly string[] YamlKeys =
        {
            "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value",
            "Accept pipeline input", "Accept wildcard characters",
        };

        private static readonly string[] CodeLanguages = { "powershell", "pwsh", "ps", "ps1" };

        private sealed record Line(int Number, string Text);

        private sealed class Section
        {
            public Section(string title, int line) { Title = title; LineNumber = line; }
            public string Title { get; }
            public int LineNumber { get; }
            public List<Line> Body { get; } = new();
            public List<Section> Children { get; } = new();
        }

        public static CmdletPage Parse(string file, string text, string? expectedName = null)
        {
            var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
                .Select((t, i) => new Line(i + 1, t)).ToList();
            var start = SkipFrontMatter(file, lines);

            // Headings outside code fences split the page: # Name, ## SECTION, ### subsection.
            string? name = null;
            var nameLine = 0;
            var sections = new List<Section>();
            Section? h2 = null;
            Section? h3 = null;
            var fence = false;
            var fenceLine = 0;
            for (var i = start; i < lines.Count; i++)
            {
                var line = lines[i];
                if (IsFence(line.Text))
                {
                    fence = !fence;
                    fenceLine = line.Number;
                }
                var heading = fence ? null : Regex.Match(line.Text, @"^(#{1,6})\s+(.*?)\s*#*\s*$");
                if (heading != null && heading.Success)
                {
                    var level = heading.Groups[1].Value.Length;
                    var title = heading.Groups[2].Value.Trim();
                    if (level == 1)
                    {
                        if (name != null) throw new HelpBuildException(file, line.Number, $"a second '# ' title ('{title}'); a page documents one cmdlet.");
                        name = title;
                        nameLine = line.Number;
                        continue;
                    }
                    if (level == 2)
                    {
                        if (name == null) throw new HelpBuildException(file, line.Number, "'## " + title + "' comes before the '# <cmdlet name>' title.");
                        var key = title.ToUpperInvariant();
                        if (!KnownSections.Contains(key))
                            throw new HelpBuildException(file, line.Number, $"unknown section '## {title}' (expected one of: {string.Join(", ", KnownSections)}).");
                        if (sections.Any(s => s.Title == key))
                            throw new HelpBuildException(file, line.Number, $"section '## {title}' appears twice.");
                        h2 = new Section(key, line.Number);
                        h3 = null;
                        sections.Add(h2);
                        continue;
                    }
                    if (level == 3 && h2 != null)
                    {
                        h3 = new Section(title, line.Number);
                        h2.Children.Add(h3);
                        continue;
                    }
                    throw new HelpBuildException(file, line.Number, $"unexpected heading '{line.Text.Trim()}' (only #, ## and ### are used, ### inside a ## section).");
                }
                if (h3 != null) h3.Body.Add(line);
                else if (h2 != null) h2.Body.Add(line);
                else if (name != null && line.Text.Trim().Length > 0)
                    throw new HelpBuildException(file, line.Number, "text between the '# ' title and '## SYNOPSIS'.");
            }
            if (fence) throw new HelpBuildException(file, fenceLine, "a ``` code block is not closed.");
            if (name == null) throw new HelpBuildException(file, 0, "no '# <cmdlet name>' title.");
            if (!Regex.IsMatch(name, @"^[A-Za-z]+-[A-Za-z0-9]+$"))
                throw new HelpBuildException(file, nameLine, $"the title '{name}' is not a cmdlet name (Verb-Noun).");
            if (expectedName != null && !string.Equals(name, expectedName, StringComparison.Ordinal))
                throw new HelpBuildException(file, nameLine, $"the title '{name}' does not match the file name ('{expectedName}').");
            foreach (var required in RequiredSections)
                if (sections.All(s => s.Title != required))
                    throw new HelpBuildException(file, 0, $"the section '## {required}' is missing.");

            Section Get(string key) => sections.Single(s => s.Title == key);
            Section? Find(string key) => sections.SingleOrDefault(s => s.Title == key);

            var synopsis = NonEmpty(file, Get("SYNOPSIS"), NoChildren(file, Get("SYNOPSIS")));
            var description = NonEmpty(file, Get("DESCRIPTION"), NoChildren(file, Get("DESCRIPTION")));
            var (parameters, common) = ParseParameters(file, Get("PARAMETERS"));
            var inputs = Find("INPUTS");
            var outputs = Find("OUTPUTS");
            var notes = Find("NOTES");
            var links = Find("RELATED LINKS");
            return new CmdletPage
            {
                File = file,
                Name = name,
                Synopsis = synopsis,
                Syntax = ParseSyntax(file, Get("SYNTAX")),
                Description = description,
                Examples = ParseExamples(file, Get("EXAMPLES")),
                Parameters = parameters,
                CommonParameters = common,
                HasInputs = inputs != null,
                Inputs = inputs == null ? Array.Empty<TypeEntry>() : ParseTypes(file, inputs),
                HasOutputs = outputs != null,
                Outputs = outputs == null ? Array.Empty<TypeEntry>() : ParseTypes(file, outputs),
                Notes = notes == null ? Array.Empty<Block>() : NoChildren(file, notes),
                RelatedLinks = OnlineVersionFirst(OnlineVersion(lines), links == null ? new List<RelatedLink>() : ParseLinks(file, links)),
            };
        }

        /// <summary>
        /// The front matter's "online version:" (platyPS's key): the page's address on the web. It becomes the first related
        /// link, the one Get-Help -Online opens (PowerShell takes the first link with an absolute URI).
        /// </summary>
        private static string? OnlineVersion(List<Line> lines)
        {
            var first = 0;
            while (first < lines.Count && lines[first].Text.Trim().Length == 0) first++;
            if (first >= lines.Count || lines[first].Text.Trim() != "---") return null;
            for (var i = first + 1; i < lines.Count && lines[i].Text.Trim() != "---"; i++)
            {
                var match = Regex.Match(lines[i].Text, @"^\s*online version:\s*(\S+)\s*$");
                if (match.Success && Uri.IsWellFormedUriString(match.Groups[1].Value, UriKind.Absolute)) return match.Groups[1].Value;
            }
            return null;
        }

        private static IReadOnlyList<RelatedLink> OnlineVersionFirst(string? online, List<RelatedLink> links)
        {
            if (online != null) links.Insert(0, new RelatedLink("Online Version:", online));
            return links;
        }

        private static int SkipFrontMatter(string file, List<Line> lines)
        {
            var first = 0;
            while (first < lines.Count && lines[first].Text.Trim().Length == 0) first++;
            if (first >= lines.Count) throw new HelpBuildException(file, 0, "the page is empty.");
            if (lines[first].Text.Trim() != "---") return first;
            for (var i = first + 1; i < lines.Count; i++)
                if (lines[i].Text.Trim() == "---") return i + 1;
            throw new HelpBuildException(file, lines[first].Number, "the '---' front matter is not closed.");
        }

        private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

        /// <summary>Paragraphs (soft breaks joined with spaces), list items ("- ", "* ", "1. ", continued by indented lines), code blocks.</summary>
        internal static List<Block> ParseBlocks(string file, IReadOnlyList<(int Number, string Text)> lines)
        {
            var blocks = new List<Block>();
            var paragraph = new List<string>();
            var paragraphLine = 0;
            BlockKind kind = BlockKind.Paragraph;

            void Flush()
            {
                if (paragraph.Count > 0) blocks.Add(new Block(kind, string.Join(" ", paragraph), "", paragraphLine));
                paragraph.Clear();
                kind = BlockKind.Paragraph;
            }

            for (var i = 0; i < lines.Count; i++)
            {
                var (number, text) = lines[i];
                var trimmed = text.Trim();
                if (IsFence(text))
                {
                    Flush();
                    var indent = text.Length - text.TrimStart().Length;
                    var language = trimmed.Substring(3).Trim();
                    var code = new List<string>();
                    var closed = false;
                    for (i++; i < lines.Count; i++)
                    {
                        if (IsFence(lines[i].Text) && lines[i].Text.Trim() == "```") { closed = true; break; }
                        var codeLine = lines[i].Text;
                        code.Add(codeLine.Length >= indent && codeLine.Substring(0, indent).Trim().Length == 0 ? codeLine.Substring(indent) : codeLine.TrimStart());
                    }
                    if (!closed) throw new HelpBuildException(file, number, "a ``` code block is not closed.");
                    blocks.Add(new Block(BlockKind.Code, string.Join("\n", code).TrimEnd(), language.ToLowerInvariant(), number));
                    continue;
                }
                if (trimmed.Length == 0) { Flush(); continue; }
                var item = Regex.Match(text, @"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$");
                if (item.Success)
                {
                    Flush();
                    kind = BlockKind.ListItem;
                    paragraphLine = number;
                    paragraph.Add(item.Groups[1].Value.Trim());
                    continue;
                }
                if (paragraph.Count == 0) paragraphLine = number;
                // A markdown hard break (two trailing spaces or a backslash) is kept as a line break.
                var piece = text.EndsWith("  ", StringComparison.Ordinal) || trimmed.EndsWith("\\", StringComparison.Ordinal)
                    ? trimmed.TrimEnd('\\') + "\n" : trimmed;
                if (paragraph.Count > 0 && paragraph[^1].EndsWith("\n", StringComparison.Ordinal))
                    paragraph[^1] = paragraph[^1] + piece;
                else
                    paragraph.Add(piece);
            }
            Flush();
            return blocks.Select(b => b.Kind == BlockKind.Code ? b : b with { Text = b.Text.Replace("\n ", "\n").Trim() }).ToList();
        }

        private static List<Block> Blocks(string file, Section section) =>
            ParseBlocks(file, section.Body.Select(l => (l.Number, l.Text)).ToList());

        private static List<Block> NoChildren(string file, Section section)
        {
            if (section.Children.Count > 0)
                throw new HelpBuildException(file, section.Children[0].LineNumber, $"'## {section.Title}' has no ### subsections ('### {section.Children[0].Title}').");
            return Blocks(file, section);
        }

        private static List<Block> NonEmpty(string file, Section section, List<Block> blocks)
        {
            if (blocks.Count == 0) throw new HelpBuildException(file, section.LineNumber, $"'## {section.Title}' is empty.");
            return blocks;
        }

        private static List<SyntaxBlock> ParseSyntax(string file, Section section)
        {
            var result = new List<SyntaxBlock>();
            void Add(string? set, bool isDefault, IEnumerable<Block> blocks, int line)
            {
                var codes = blocks.Where(b => b.Kind == BlockKind.Code).ToList();
                if (codes.Count == 0)
                    throw new HelpBuildException(file, line, set == null ? "'## SYNTAX' has no ``` code block." : $"the syntax of parameter set '{set}' has no ``` code block.");
                if (set != null && codes.Count > 1)
                    throw new HelpBuildException(file, codes[1].Line, $"the syntax of parameter set '{set}' has more than one code block.");
                foreach (var code in codes) result.Add(new SyntaxBlock(set, isDefault, code.Text, code.Line));
            }

            if (section.Children.Count == 0)
            {
                Add(null, false, Blocks(file, section), section.LineNumber);
                return result;
            }
            if (Blocks(file, section).Any(b => b.Kind == BlockKind.Code))
                throw new HelpBuildException(file, section.LineNumber, "'## SYNTAX' has a code block outside its '### <parameter set>' subsections.");
            foreach (var child in section.Children)
            {
                var match = Regex.Match(child.Title, @"^(.+?)(\s*\(Default\))?$", RegexOptions.IgnoreCase);
                Add(match.Groups[1].Value.Trim(), match.Groups[2].Success, Blocks(file, child), child.LineNumber);
            }
            return result;
        }

        private static List<ExampleSection> ParseExamples(string file, Section section)
        {
            var loose = Blocks(file, section);
            if (loose.Count > 0) throw new HelpBuildException(file, loose[0].Line, "text in '## EXAMPLES' outside a '### Example' subsection.");
            if (section.Children.Count == 0) throw new HelpBuildException(file, section.LineNumber, "'## EXAMPLES' has no '### Example' subsection.");
            var examples = new List<ExampleSection>();
            foreach (var child in section.Children)
            {
                var blocks = Blocks(file, child);
                var code = blocks.Where(b => b.Kind == BlockKind.Code && CodeLanguages.Contains(b.Language)).ToList();
                if (code.Count == 0)
                    throw new HelpBuildException(file, child.LineNumber, $"example '{child.Title}' has no ```powershell code block.");
                var remarks = blocks.Where(b => !code.Contains(b)).ToList();
                examples.Add(new ExampleSection(child.Title, string.Join("\n\n", code.Select(c => c.Text)), remarks, child.LineNumber));
            }
            return examples;
        }

        private static (List<ParameterSection>, List<Block>) ParseParameters(string file, Section section)
        {
            var loose = Blocks(file, section);
            if (loose.Count > 0) throw new HelpBuildException(file, loose[0].Line, "text in '## PARAMETERS' outside a '### -Name' subsection.");
            var parameters = new List<ParameterSection>();
            var common = new List<Block>();
            foreach (var child in section.Children)
            {
                if (string.Equals(child.Title, "CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    common = Blocks(file, child);
                    continue;
                }
                var match = Regex.Match(child.Title, @"^-([A-Za-z][A-Za-z0-9_]*)$");
                if (!match.Success)
                    throw new HelpBuildException(file, child.LineNumber, $"'### {child.Title}' is not a parameter heading ('### -Name' or '### CommonParameters').");
                var name = match.Groups[1].Value;
                if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                    throw new HelpBuildException(file, child.LineNumber, $"parameter -{name} is documented twice.");
                var blocks = Blocks(file, child);
                var yaml = blocks.Where(b => b.Kind == BlockKind.Code && b.Language is "yaml" or "yml").ToList();
                if (yaml.Count > 1) throw new HelpBuildException(file, yaml[1].Line, $"parameter -{name} has more than one ```yaml block.");
                var fields = yaml.Count == 1 ? ParseYaml(file, name, yaml[0]) : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var description = blocks.Where(b => !yaml.Contains(b)).ToList();
                if (description.Count == 0)
                    throw new HelpBuildException(file, child.LineNumber, $"parameter -{name} has no description.");
                parameters.Add(new ParameterSection(name, description, fields, child.LineNumber));
            }
            return (parameters, common);
        }

        private static Dictionary<string, string> ParseYaml(string file, string parameter, Block block)
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var lines = block.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Trim().Length == 0) continue;
                var number = block.Line + 1 + i;
                var colon = line.IndexOf(':');
                if (colon <= 0)
                    throw new HelpBuildException(file, number, $"parameter -{parameter}: the yaml line '{line.Trim()}' is not 'Key: value'.");
                var key = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                var known = YamlKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                    throw new HelpBuildException(file, number, $"parameter -{parameter}: unknown yaml key '{key}' (known: {string.Join(", ", YamlKeys)}).");
                if (fields.ContainsKey(known))
                    throw new HelpBuildException(file, number, $"parameter -{parameter}: yaml key '{known}' appears twice.");
                fields[known] = value;
            }
            return fields;
        }

        private static List<TypeEntry> ParseTypes(string file, Section section)
        {
            var entries = new List<TypeEntry>();
            var loose = Blocks(file, section);
            // platyPS writes "### TypeName" entries; a prose-only section is kept as one entry without a type name.
            if (loose.Count > 0)
            {
                if (section.Children.Count > 0)
                    throw new HelpBuildException(file, loose[0].Line, $"text in '## {section.Title}' outside its '### TypeName' entries.");
                entries.Add(new TypeEntry("", loose));
            }
            foreach (var child in section.Children)
                entries.Add(new TypeEntry(child.Title.Trim('`', ' '), Blocks(file, child)));
            return entries;
        }

        private static List<RelatedLink> ParseLinks(string file, Section section)
        {
            var links = new List<RelatedLink>();
            foreach (var block in NoChildren(file, section))
            {
                if (block.Kind == BlockKind.Code) throw new HelpBuildException(file, block.Line, "a code block in '## RELATED LINKS'.");
                var match = Regex.Match(block.Text, @"^\[(.+?)\]\((.*?)\)$");
                links.Add(match.Success ? new RelatedLink(match.Groups[1].Value, match.Groups[2].Value) : new RelatedLink(block.Text, ""));
            }
            return links;
        }
    }
}
