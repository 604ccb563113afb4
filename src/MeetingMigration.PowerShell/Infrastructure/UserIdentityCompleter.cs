using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Tab completion of -Identity: the users the connected store knows (queued, or with audio-conferencing data), read
    /// from the local store only (never Graph), so it answers in milliseconds. With no store connected and none at the
    /// default path, it offers nothing rather than creating a store file as a side effect of pressing Tab.
    /// </summary>
    public sealed class UserIdentityCompleter : IArgumentCompleter
    {
        private const int MaxResults = 100;
        private const string SipPrefix = "sip:";

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            try
            {
                var typed = Unquote(wordToComplete ?? "");
                var sip = typed.StartsWith(SipPrefix, StringComparison.OrdinalIgnoreCase);
                var prefix = sip ? typed.Substring(SipPrefix.Length) : typed;
                // A typed wildcard completes from the text before it (Get- accepts the pattern itself as well).
                var wildcard = prefix.IndexOfAny(new[] { '*', '?', '[' });
                if (wildcard >= 0) prefix = prefix.Substring(0, wildcard);

                var session = ModuleSession.Current;
                if (session.DefaultStoreMissing) return results;
                if (!(session.Store is IKnownUserNames names)) return results;

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                foreach (var name in names.GetUserNamesAsync(prefix, MaxResults, timeout.Token).GetAwaiter().GetResult())
                {
                    var text = sip ? SipPrefix + name : name;
                    results.Add(new CompletionResult(Quote(text), text, CompletionResultType.ParameterValue, text));
                }
            }
            catch (Exception)
            {
                // A completer must never throw into the console: a locked or unreadable store just offers nothing.
            }
            return results;
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
