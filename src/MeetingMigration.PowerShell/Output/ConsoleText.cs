using System;
using System.Management.Automation;
using System.Text;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// What the views show of text that came from a mailbox: a meeting's subject (any organizer, or a sender whose
    /// invitation was forwarded, writes it), its blocks and the reasons that quote them. Control, bidi and invisible
    /// characters are escaped as error messages escape them (<see cref="QuotedValue"/>), so a subject cannot ring the
    /// admin's bell, retitle their terminal or reverse the rest of a line (an outside probe's subject did all three). The
    /// objects keep the text as it is for scripts; the views name hidden code properties (MeetingMigration.Types.ps1xml)
    /// that call these, because a view's script block cannot call the module's methods in ConstrainedLanguage.
    /// </summary>
    public static class ConsoleText
    {
        /// <summary>Every character that could change how the console shows the text escaped, line breaks as \r and \n.</summary>
        public static string? Escaped(string? text) => text == null ? null : Escape(text);

        /// <summary>For a table cell: runs of white space (line breaks and tabs too) folded to one space, so a row never wraps; the rest escaped.</summary>
        public static string? OneLine(string? text)
        {
            if (text == null) return null;
            var folded = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c)) folded.Append(c);
                else if (folded.Length == 0 || folded[folded.Length - 1] != ' ') folded.Append(' ');
            }
            return Escape(folded.ToString());
        }

        /// <summary>For a block's text: its line breaks (CR LF, LF, CR) kept as line breaks and its tabs kept; the rest escaped.</summary>
        public static string? Lines(string? text)
        {
            if (text == null) return null;
            var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            for (var i = 0; i < lines.Length; i++)
                lines[i] = string.Join("\t", Array.ConvertAll(lines[i].Split('\t'), Escape));
            return string.Join("\n", lines);
        }

        private static string Escape(string text) => QuotedValue.Escape(text, int.MaxValue, out _);

        // The hidden code properties, each named as the property it shows (one for both types that have a Subject). A getter
        // takes the object as a PSObject and reads the property by name, so a view shows the same for the output object and
        // for a row built with its type name (as the view tests build theirs).
        public static string? SubjectCell(PSObject row) => OneLine(Text(row, "Subject"));
        public static string? ReasonCell(PSObject row) => OneLine(Text(row, "Reason"));
        public static string? SubjectShown(PSObject row) => Escaped(Text(row, "Subject"));
        public static string? ReasonShown(PSObject row) => Lines(Text(row, "Reason"));
        public static string? OldBlockShown(PSObject row) => Escaped(Text(row, "OldBlock"));
        public static string? NewBlockShown(PSObject row) => Escaped(Text(row, "NewBlock"));
        public static string? OldBlockTextShown(PSObject row) => Lines(Text(row, "OldBlockText"));
        public static string? NewBlockTextShown(PSObject row) => Lines(Text(row, "NewBlockText"));

        private static string? Text(PSObject row, string property) => row?.Properties[property]?.Value?.ToString();
    }
}
