using System;
using System.Collections.Generic;

namespace MeetingMigration.HelpBuilder
{
    /// <summary>A problem in a page (or in the metadata), reported with the file and line so the build names them.</summary>
    public sealed class HelpBuildException : Exception
    {
        public HelpBuildException(string file, int line, string message) : base(message)
        {
            File = file;
            Line = line;
        }

        public string File { get; }
        /// <summary>1-based; 0 when the problem is the whole file.</summary>
        public int Line { get; }

        /// <summary>MSBuild's canonical error format, so the build shows it as an error of that file.</summary>
        public string ToMSBuildError() =>
            (Line > 0 ? $"{File}({Line})" : File) + ": error MMHELP: " + Message;
    }

    /// <summary>A piece of markdown text: a paragraph (soft line breaks joined), a list item, or a fenced code block.</summary>
    public sealed record Block(BlockKind Kind, string Text, string Language = "", int Line = 0);

    public enum BlockKind { Paragraph, ListItem, Code }

    /// <summary>One ```-block of ## SYNTAX: the parameter set it shows (null when the page has a single unnamed one).</summary>
    public sealed record SyntaxBlock(string? SetName, bool IsDefault, string Text, int Line);

    public sealed record ExampleSection(string Title, string Code, IReadOnlyList<Block> Remarks, int Line);

    /// <summary>A ### -Name section of ## PARAMETERS: its prose and the fields of its ```yaml table (keys as written).</summary>
    public sealed record ParameterSection(string Name, IReadOnlyList<Block> Description, IReadOnlyDictionary<string, string> Fields, int Line);

    /// <summary>A ### TypeName entry of ## INPUTS or ## OUTPUTS (TypeName empty when the section is prose only).</summary>
    public sealed record TypeEntry(string TypeName, IReadOnlyList<Block> Description);

    public sealed record RelatedLink(string Text, string Uri);

    /// <summary>A cmdlet page (docs/cmdlets/Name.md) as written.</summary>
    public sealed class CmdletPage
    {
        public string File { get; init; } = "";
        public string Name { get; init; } = "";
        public IReadOnlyList<Block> Synopsis { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<SyntaxBlock> Syntax { get; init; } = Array.Empty<SyntaxBlock>();
        public IReadOnlyList<Block> Description { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<ExampleSection> Examples { get; init; } = Array.Empty<ExampleSection>();
        public IReadOnlyList<ParameterSection> Parameters { get; init; } = Array.Empty<ParameterSection>();
        /// <summary>The text of ### CommonParameters, if any (not a parameter of MAML's).</summary>
        public IReadOnlyList<Block> CommonParameters { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<TypeEntry> Inputs { get; init; } = Array.Empty<TypeEntry>();
        public IReadOnlyList<TypeEntry> Outputs { get; init; } = Array.Empty<TypeEntry>();
        public IReadOnlyList<Block> Notes { get; init; } = Array.Empty<Block>();
        public IReadOnlyList<RelatedLink> RelatedLinks { get; init; } = Array.Empty<RelatedLink>();
        /// <summary>Whether the page has ## INPUTS / ## OUTPUTS at all (absent: filled from metadata when available).</summary>
        public bool HasInputs { get; init; }
        public bool HasOutputs { get; init; }
    }
}
