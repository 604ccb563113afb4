using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A wildcard -Identity on a Get cmdlet ("*@contoso.com", "a?haw@*"), matched against user principal names without
    /// regard to case, as Get-Process or Get-Service match names. User principal names cannot contain * ? [ ], so a value
    /// with one of them is never a literal address. A "sip:" prefix is dropped, as for a single address.
    /// </summary>
    internal sealed class IdentityPattern
    {
        private readonly WildcardPattern _pattern;

        private IdentityPattern(string text) => _pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);

        /// <summary>The pattern, or null when the value is not one (then it is parsed as a single user).</summary>
        /// <exception cref="EngineError">InvalidIdentity: a pattern that cannot be matched (an unclosed '[')
        /// or that holds control, bidi or invisible characters. WildcardPattern reports the first only on its first match.</exception>
        public static IdentityPattern? From(string? identity)
        {
            if (identity == null || !WildcardPattern.ContainsWildcardCharacters(identity)) return null;
            var text = identity.Trim();
            if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) text = text.Substring(4);
            if (QuotedValue.IndexOfEscaped(text) >= 0) throw Invalid(identity, "it holds control, bidi or invisible characters");
            var pattern = new IdentityPattern(text);
            try
            {
                pattern._pattern.IsMatch("");
            }
            catch (WildcardPatternException)
            {
                // In our words: PowerShell's repeated the pattern after ours.
                throw Invalid(identity, "it is not a valid wildcard pattern (a '[' opens a set of characters that ']' must close; `[ matches a '[' itself)");
            }
            return pattern;
        }

        private static EngineError Invalid(string identity, string why) =>
            new EngineError(ErrorIds.InvalidIdentity, ErrorKind.InvalidArgument,
                $"The -Identity pattern {QuotedValue.Of(identity)} cannot be used: {why}.", identity,
                "Give a user principal name, or a wildcard such as *@contoso.com ('[' opens a set of characters that ']' must close).");

        public IEnumerable<T> Select<T>(IEnumerable<T> items, Func<T, string> name) => items.Where(item => _pattern.IsMatch(name(item)));
    }
}
