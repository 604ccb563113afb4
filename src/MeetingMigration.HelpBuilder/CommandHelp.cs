using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>A parameter as its help shows it: the page's text, the binding facts from the cmdlet (or the page).</summary>
    public sealed record ParameterHelp(
        string Name,
        IReadOnlyList<Block> Description,
        string TypeName,
        string TypeFullName,
        bool IsSwitch,
        bool Required,
        int? Position,
        string PipelineInput,
        IReadOnlyList<string> Aliases,
        string DefaultValue,
        bool Globbing,
        IReadOnlyList<string> AcceptedValues)
    {
        public string PositionText => Position?.ToString(CultureInfo.InvariantCulture) ?? "named";
        public string AliasesText => Aliases.Count == 0 ? "none" : string.Join(", ", Aliases);
    }

    /// <summary>One parameter as one syntax line shows it (required and position can differ per parameter set).</summary>
    public sealed record SyntaxParameter(ParameterHelp Parameter, bool Required, int? Position);

    public sealed record SyntaxItem(string? SetName, IReadOnlyList<SyntaxParameter> Parameters);

    /// <summary>Everything the MAML file says about one cmdlet.</summary>
    public sealed class CommandHelp
    {
        public string Name { get; init; } = "";
        public string Verb => Name.Substring(0, Name.IndexOf('-'));
        public string Noun => Name.Substring(Name.IndexOf('-') + 1);
        public IReadOnlyList<Block> Synopsis { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<Block> Description { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<SyntaxItem> Syntax { get; init; } = Array.Empty<SyntaxItem>();
        public IReadOnlyList<ParameterHelp> Parameters { get; init; } = Array.Empty<ParameterHelp>();
        public IReadOnlyList<TypeEntry> Inputs { get; init; } = Array.Empty<TypeEntry>();
        public IReadOnlyList<TypeEntry> Outputs { get; init; } = Array.Empty<TypeEntry>();
        public IReadOnlyList<Block> Notes { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<ExampleSection> Examples { get; init; } = Array.Empty<ExampleSection>();
        public IReadOnlyList<RelatedLink> RelatedLinks { get; init; } = Array.Empty<RelatedLink>();
    }

    /// <summary>
    /// Joins a page with the cmdlet's metadata. The metadata is the truth for type, required, position, pipeline input and
    /// aliases: it fills what the page's yaml table leaves out and, where the table says otherwise, wins with a warning.
    /// Default values, accepted values (besides an enum's names) and wildcard support come from the page. Without metadata
    /// the page's tables and syntax blocks are used alone.
    /// </summary>
    public static class CommandHelpComposer
    {
        private static readonly string[] CommonParameterNames =
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
            "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        };

        public static CommandHelp Compose(CmdletPage page, CmdletMetadata? metadata, Action<string> warn)
        {
            var file = page.File;
            var syntax = page.Syntax.Select(s => (Block: s, Tokens: SyntaxParser.Parse(file, page.Name, s))).ToList();

            if (metadata != null)
            {
                var documented = page.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var parameter in metadata.AllParameters.Where(p => !p.DontShow))
                    if (!documented.Contains(parameter.Name))
                        throw new HelpBuildException(file, 0, $"parameter -{parameter.Name} of {page.Name} is not documented (add '### -{parameter.Name}' to ## PARAMETERS).");
            }

            var parameters = new List<ParameterHelp>();
            foreach (var section in page.Parameters)
            {
                if (CommonParameterNames.Contains(section.Name, StringComparer.OrdinalIgnoreCase))
                    throw new HelpBuildException(file, section.Line, $"-{section.Name} is a common parameter; describe it under '### CommonParameters'.");
                var meta = metadata?.AllParameters.FirstOrDefault(p => string.Equals(p.Name, section.Name, StringComparison.OrdinalIgnoreCase));
                if (metadata != null && meta == null)
                    throw new HelpBuildException(file, section.Line, $"parameter -{section.Name} is documented but {page.Name} has no such parameter.");
                if (meta != null && meta.DontShow) continue; // hidden from syntax and completion: hidden from help too
                var uses = syntax.SelectMany(s => s.Tokens).Where(t => string.Equals(t.Name, section.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                parameters.Add(Resolve(page, section, meta, uses, warn));
            }

            var items = new List<SyntaxItem>();
            foreach (var (block, tokens) in syntax)
            {
                var line = new List<SyntaxParameter>();
                var positional = 0;
                foreach (var token in tokens)
                {
                    var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, token.Name, StringComparison.OrdinalIgnoreCase));
                    if (parameter == null)
                        throw new HelpBuildException(file, block.Line, $"the syntax uses -{token.Name}, which is not documented under ## PARAMETERS" +
                            (metadata != null && metadata.AllParameters.All(p => !string.Equals(p.Name, token.Name, StringComparison.OrdinalIgnoreCase)) ? $" and is not a parameter of {page.Name}." : "."));
                    var position = token.Positional ? parameter.Position ?? positional : (int?)null;
                    if (token.Positional) positional++;
                    line.Add(new SyntaxParameter(parameter, token.Required, position));
                }
                items.Add(new SyntaxItem(block.SetName, line));
            }

            return new CommandHelp
            {
                Name = page.Name,
                Synopsis = page.Synopsis,
                Description = page.Description,
                Syntax = items,
                Parameters = parameters,
                Inputs = page.HasInputs || metadata == null ? page.Inputs : InputsFromMetadata(metadata),
                Outputs = page.HasOutputs || metadata == null ? page.Outputs : OutputsFromMetadata(metadata),
                Notes = page.Notes,
                Examples = page.Examples,
                RelatedLinks = page.RelatedLinks,
            };
        }

        private static ParameterHelp Resolve(CmdletPage page, ParameterSection section, ParameterMetadata? meta, List<SyntaxParser.Token> uses, Action<string> warn)
        {
            var file = page.File;
            var fields = section.Fields;
            string? Field(string key) => fields.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
            void Differs(string what, string page_, string actual) =>
                warn($"{file}({section.Line}): warning MMHELP: -{section.Name}: the page says {what} '{page_}' but the cmdlet says '{actual}'; the help shows '{actual}'.");

            // Type
            var pageType = Field("Type");
            string typeName, typeFullName;
            bool isSwitch;
            if (meta != null)
            {
                typeName = meta.TypeName;
                typeFullName = meta.TypeFullName;
                isSwitch = meta.IsSwitch;
                if (pageType != null && !string.Equals(pageType, meta.TypeName, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(pageType, meta.TypeFullName, StringComparison.OrdinalIgnoreCase))
                    Differs("Type", pageType, meta.TypeName);
            }
            else
            {
                var fromSyntax = uses.Select(u => u.TypeName).FirstOrDefault(t => t != null);
                typeName = pageType ?? fromSyntax ?? (uses.Count > 0 ? "SwitchParameter" : null)
                    ?? throw new HelpBuildException(file, section.Line, $"parameter -{section.Name} has no type: no 'Type:' in its yaml block and it is not in ## SYNTAX.");
                isSwitch = string.Equals(typeName, "SwitchParameter", StringComparison.OrdinalIgnoreCase);
                typeFullName = isSwitch ? "System.Management.Automation.SwitchParameter" : typeName;
            }

            // Required
            var pageRequired = Field("Required") is { } r ? ParseBool(file, section, "Required", r) : (bool?)null;
            bool required;
            if (meta != null)
            {
                required = meta.Mandatory;
                if (pageRequired.HasValue && pageRequired.Value != required) Differs("Required", fields["Required"], required.ToString());
            }
            else required = pageRequired ?? uses.Any(u => u.Required);

            // Position
            int? pagePosition = null;
            var pagePositionSet = false;
            if (Field("Position") is { } positionText)
            {
                pagePositionSet = true;
                if (string.Equals(positionText, "Named", StringComparison.OrdinalIgnoreCase)) pagePosition = null;
                else if (int.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) pagePosition = p;
                else throw new HelpBuildException(file, section.Line, $"parameter -{section.Name}: Position '{positionText}' is neither 'Named' nor a number.");
            }
            int? position;
            if (meta != null)
            {
                position = meta.Position;
                if (pagePositionSet && pagePosition != position) Differs("Position", fields["Position"], position?.ToString(CultureInfo.InvariantCulture) ?? "Named");
            }
            else position = pagePositionSet ? pagePosition : uses.Any(u => u.Positional) ? 0 : null;

            // Pipeline input
            var pagePipeline = Field("Accept pipeline input") is { } pipelineText ? ParsePipeline(file, section, pipelineText) : null;
            string pipeline;
            if (meta != null)
            {
                pipeline = PipelineText(meta.ByValue, meta.ByPropertyName);
                if (pagePipeline != null && pagePipeline != pipeline) Differs("Accept pipeline input", fields["Accept pipeline input"], pipeline);
            }
            else pipeline = pagePipeline ?? "False";

            // Aliases
            var pageAliases = Field("Aliases") is { } aliasText && !string.Equals(aliasText, "None", StringComparison.OrdinalIgnoreCase)
                ? aliasText.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList()
                : Field("Aliases") != null ? new List<string>() : null;
            IReadOnlyList<string> aliases;
            if (meta != null)
            {
                aliases = meta.Aliases;
                if (pageAliases != null && !pageAliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase).SequenceEqual(aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
                    Differs("Aliases", fields["Aliases"], aliases.Count == 0 ? "None" : string.Join(", ", aliases));
            }
            else aliases = pageAliases ?? new List<string>();

            var accepted = Field("Accepted values") is { } acceptedText
                ? acceptedText.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList()
                : meta?.EnumValues.ToList() ?? new List<string>();
            var globbing = Field("Accept wildcard characters") is { } g && ParseBool(file, section, "Accept wildcard characters", g);
            var defaultValue = Field("Default value") ?? (isSwitch ? "False" : "None");

            return new ParameterHelp(meta?.Name ?? section.Name, section.Description, typeName, typeFullName, isSwitch, required, position,
                pipeline, aliases, defaultValue, globbing, accepted);
        }

        internal static string PipelineText(bool byValue, bool byPropertyName) =>
            byValue && byPropertyName ? "True (ByValue, ByPropertyName)"
            : byValue ? "True (ByValue)"
            : byPropertyName ? "True (ByPropertyName)"
            : "False";

        private static bool ParseBool(string file, ParameterSection section, string key, string text)
        {
            // "True (except AccessToken)": the leading word is the answer, the rest is commentary for readers.
            var word = Regex.Match(text, @"^\s*(\w+)").Groups[1].Value;
            if (string.Equals(word, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(word, "false", StringComparison.OrdinalIgnoreCase)) return false;
            throw new HelpBuildException(file, section.Line, $"parameter -{section.Name}: {key} '{text}' does not start with True or False.");
        }

        private static string ParsePipeline(string file, ParameterSection section, string text)
        {
            if (!ParseBool(file, section, "Accept pipeline input", text)) return "False";
            var how = Regex.Match(text, @"\((.*)\)").Groups[1].Value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            var unknown = how.FirstOrDefault(h => !string.Equals(h, "ByValue", StringComparison.OrdinalIgnoreCase) && !string.Equals(h, "ByPropertyName", StringComparison.OrdinalIgnoreCase));
            if (unknown != null || how.Count == 0)
                throw new HelpBuildException(file, section.Line, $"parameter -{section.Name}: Accept pipeline input '{text}' should be 'True (ByValue)', 'True (ByPropertyName)', 'True (ByValue, ByPropertyName)' or 'False'.");
            return PipelineText(how.Contains("ByValue", StringComparer.OrdinalIgnoreCase), how.Contains("ByPropertyName", StringComparer.OrdinalIgnoreCase));
        }

        private static IReadOnlyList<TypeEntry> InputsFromMetadata(CmdletMetadata metadata)
        {
            var types = metadata.Parameters.Where(p => !p.DontShow && (p.ByValue || p.ByPropertyName)).Select(p => p.TypeFullName).Distinct().ToList();
            return types.Count == 0 ? new[] { new TypeEntry("None", Array.Empty<Block>()) } : types.Select(t => new TypeEntry(t, Array.Empty<Block>())).ToList();
        }

        private static IReadOnlyList<TypeEntry> OutputsFromMetadata(CmdletMetadata metadata) =>
            metadata.OutputTypes.Count == 0
                ? new[] { new TypeEntry("None", Array.Empty<Block>()) }
                : metadata.OutputTypes.Select(t => new TypeEntry(t, Array.Empty<Block>())).ToList();
    }

    /// <summary>Reads a syntax line as platyPS writes it: Name [-P] &lt;T&gt; [[-P] &lt;T&gt;] [-P &lt;T&gt;] [-S] -R &lt;T&gt; -S [&lt;CommonParameters&gt;].</summary>
    public static class SyntaxParser
    {
        public sealed record Token(string Name, string? TypeName, bool Required, bool Positional);

        private static readonly (Regex Pattern, bool Required, bool Positional)[] Forms =
        {
            (new Regex(@"\G\[\[-(?<n>\w+)\]\s*<(?<t>[^<>]+)>\]"), false, true),
            (new Regex(@"\G\[-(?<n>\w+)\]\s*<(?<t>[^<>]+)>"), true, true),
            (new Regex(@"\G\[-(?<n>\w+)\s+<(?<t>[^<>]+)>\]"), false, false),
            (new Regex(@"\G\[-(?<n>\w+)\]"), false, false),
            (new Regex(@"\G-(?<n>\w+)\s+<(?<t>[^<>]+)>"), true, false),
            (new Regex(@"\G-(?<n>\w+)(?=\s|$)"), true, false),
        };

        private static readonly Regex Common = new Regex(@"\G\[<CommonParameters>\]");

        public static IReadOnlyList<Token> Parse(string file, string cmdletName, SyntaxBlock block)
        {
            var text = Regex.Replace(block.Text, @"\s+", " ").Trim();
            if (!text.StartsWith(cmdletName, StringComparison.OrdinalIgnoreCase) || (text.Length > cmdletName.Length && text[cmdletName.Length] != ' '))
                throw new HelpBuildException(file, block.Line, $"the syntax block does not start with the cmdlet name '{cmdletName}'.");
            var tokens = new List<Token>();
            var at = cmdletName.Length;
            while (true)
            {
                while (at < text.Length && text[at] == ' ') at++;
                if (at >= text.Length) break;
                var common = Common.Match(text, at);
                if (common.Success) { at += common.Length; continue; }
                var matched = false;
                foreach (var (pattern, required, positional) in Forms)
                {
                    var match = pattern.Match(text, at);
                    if (!match.Success) continue;
                    var name = match.Groups["n"].Value;
                    if (tokens.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
                        throw new HelpBuildException(file, block.Line, $"the syntax lists -{name} twice.");
                    tokens.Add(new Token(name, match.Groups["t"].Success ? match.Groups["t"].Value.Trim() : null, required, positional));
                    at += match.Length;
                    matched = true;
                    break;
                }
                if (!matched)
                {
                    var rest = text.Substring(at);
                    throw new HelpBuildException(file, block.Line, $"cannot read the syntax at '{(rest.Length > 40 ? rest.Substring(0, 40) + "..." : rest)}'.");
                }
            }
            return tokens;
        }
    }
}
