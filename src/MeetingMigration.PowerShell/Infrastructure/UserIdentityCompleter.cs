using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Tab completion of -Identity: the users the connected store knows (queued, or with audio-conferencing data), from the
    /// local store only (StoreCompletion), so it answers in milliseconds.
    /// </summary>
    public sealed class UserIdentityCompleter : IArgumentCompleter
    {
        private const int MaxResults = 100;
        private const string SipPrefix = "sip:";

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = Unquote(wordToComplete ?? "");
            var sip = typed.StartsWith(SipPrefix, StringComparison.OrdinalIgnoreCase);
            var prefix = sip ? typed.Substring(SipPrefix.Length) : typed;
            // A typed wildcard completes from the text before it (Get- accepts the pattern itself as well).
            var wildcard = prefix.IndexOfAny(new[] { '*', '?', '[' });
            if (wildcard >= 0) prefix = prefix.Substring(0, wildcard);

            return StoreCompletion.Offer<IKnownUserNames>((names, token) =>
                names.GetUserNamesAsync(prefix, MaxResults, token).GetAwaiter().GetResult().Select(name =>
                {
                    var text = sip ? SipPrefix + name : name;
                    return new CompletionResult(Quote(text), text, CompletionResultType.ParameterValue, text);
                }));
        }

        private static string Unquote(string word) =>
            word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word.Substring(1).TrimEnd(word[0]) : word;

        /// <summary>Quoted only when the shell would otherwise split, expand or misread it (a space, an apostrophe, a $...).</summary>
        private static string Quote(string text) => NeedsQuotes(text) ? "'" + text.Replace("'", "''") + "'" : text;

        private static bool NeedsQuotes(string text)
        {
            if (text.Length == 0 || text[0] == '@' || text[0] == '-') return true; // splatting, a parameter name
            foreach (var c in text)
                if (char.IsWhiteSpace(c) || "'\"$`;,(){}|&<>#".IndexOf(c) >= 0) return true;
            return false;
        }
    }
}
