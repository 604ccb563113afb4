using System;
using System.Linq;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Model
{
    public enum UserIdentityKind
    {
        /// <summary>An address: a user principal name, or a SIP address with its "sip:" prefix removed.</summary>
        Address,
        /// <summary>A directory object id.</summary>
        ObjectId,
    }

    /// <summary>
    /// A user as an admin names one: UPN, SIP address ("sip:" optional) or object id. Parsing rejects what cannot be a user
    /// before anything is stored, with the offending value in the error.
    /// </summary>
    public sealed class UserIdentity : IEquatable<UserIdentity>
    {
        /// <summary>Longest address accepted: Entra caps a UPN at 113 characters before the @ and 256 in all.</summary>
        public const int MaxAddressLength = 256;

        private UserIdentity(UserIdentityKind kind, string value, Guid objectId, string original)
        {
            Kind = kind;
            Value = value;
            ObjectId = objectId;
            Original = original;
        }

        public UserIdentityKind Kind { get; }
        /// <summary>The normalized value: the lower-cased address, or the object id in "D" format.</summary>
        public string Value { get; }
        public Guid ObjectId { get; }
        /// <summary>What the admin typed.</summary>
        public string Original { get; }

        public static UserIdentity Parse(string? text)
        {
            if (TryParse(text, out var identity, out var problem)) return identity!;
            // "@{CorrelationId=...; ...}" is how PowerShell turns a whole piped object into text: a row of Import-Csv with no
            // property the command binds (found by an outside probe) reaches a by-value -Identity that way.
            // Other objects become their type's name (a hashtable, whose keys PowerShell does not bind as properties) or
            // one of their own ("System.Diagnostics.Process (dotnet)"): the same mistake, said the same way (outside probe AM).
            var pipedObject = IsWholeObjectText(text);
            var otherForm = pipedObject ? null : MicrosoftOnlyForm(text);
            if (otherForm != null)
                problem = $"it looks like a {otherForm}, which Microsoft's cmdlets take and MeetingMigration does not: it finds users by UPN, SIP address or object id.";
            throw new MeetingMigrationException(ErrorIds.InvalidIdentity, ErrorKind.InvalidArgument,
                $"{QuotedValue.Of(text)} is not a valid user identity: {(pipedObject ? "it is a whole piped object as text, not a property of it" : problem)}",
                text, pipedObject
                    ? "PowerShell bound the whole object because none of its properties fit the command (Identity, UserPrincipalName, SipAddress or UserId, holding a value; a hashtable's keys are not properties: pipe [pscustomobject]@{ Identity = 'ashaw@contoso.com' }): pass one of its values, for example -Identity { $_.UserPrincipalName }. Stop- and Undo-CsMeetingMigration also bind a CorrelationId property by itself when it holds a GUID."
                    : "Give the user's UPN (ashaw@contoso.com), SIP address (sip:ashaw@contoso.com) or object id (a GUID).");
        }

        /// <summary>
        /// Whether the text is how PowerShell turns a whole piped object into text ("@{Name=…}", or a .NET type's name):
        /// what reaches a by-value -Identity when none of the object's properties fit.
        /// </summary>
        public static bool IsWholeObjectText(string? text) =>
            text != null && (text.StartsWith("@{", StringComparison.Ordinal) || DotNetObjectText.IsMatch(text));

        /// <summary>A .NET object's text: its type's full name in the System or Microsoft namespaces, perhaps followed by " (…)".</summary>
        private static readonly System.Text.RegularExpressions.Regex DotNetObjectText = new System.Text.RegularExpressions.Regex(
            @"^(?:System|Microsoft)(?:\.[A-Za-z_][A-Za-z0-9_`+]*)+(?:\[[^\]]*\])?(?: \(.*\))?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>
        /// The identity forms Microsoft's UserIdParameter takes besides these (a distinguished name, domain\logon, a display
        /// name), so the error can say so instead of naming a character (found by an outside probe); null for anything else.
        /// </summary>
        private static string? MicrosoftOnlyForm(string? text)
        {
            var t = text?.Trim() ?? "";
            if (t.Length == 0 || t.Contains("@")) return null;
            if (t.StartsWith("CN=", StringComparison.OrdinalIgnoreCase) && t.IndexOf(",DC=", StringComparison.OrdinalIgnoreCase) > 0) return "distinguished name";
            var slash = t.IndexOf('\\');
            if (slash > 0 && slash < t.Length - 1 && slash == t.LastIndexOf('\\') && !t.Any(char.IsWhiteSpace)) return "domain\\logon name";
            if (t.Contains(" ") && t.All(c => char.IsLetterOrDigit(c) || c == ' ' || c == '.' || c == '-' || c == '\'')) return "display name";
            return null;
        }

        public static bool TryParse(string? text, out UserIdentity? identity, out string problem)
        {
            identity = null;
            if (text == null) { problem = "the value is null."; return false; }
            var trimmed = text.Trim();
            if (trimmed.Length == 0) { problem = "the value is empty."; return false; }
            if (trimmed.Length > MaxAddressLength + 4)
            {
                problem = $"it is {trimmed.Length} characters long; a user identity has at most {MaxAddressLength}.";
                return false;
            }
            // Invisible characters too (zero-width, bidi controls): 'ad\u200Bmin' must not pass for 'admin'.
            var hidden = QuotedValue.IndexOfEscaped(trimmed);
            // No identity holds a variation selector or a joiner, not even in an emoji: "user5️@…" was queued beside "user5@…"
            // (outside probe AO).
            var selector = Array.FindIndex(trimmed.ToCharArray(), c => QuotedValue.IsVariationSelector(c) || c == '\u200D');
            if (selector >= 0 && (hidden < 0 || selector < hidden)) hidden = selector;
            if (hidden < 0) hidden = Array.FindIndex(trimmed.ToCharArray(), char.IsWhiteSpace);
            if (hidden >= 0)
            {
                // A character beyond the first plane is named by its code point, not its first half (U+E0041, not U+DB40).
                var codePoint = char.IsHighSurrogate(trimmed[hidden]) && hidden + 1 < trimmed.Length && char.IsLowSurrogate(trimmed[hidden + 1])
                    ? char.ConvertToUtf32(trimmed[hidden], trimmed[hidden + 1]) : trimmed[hidden];
                problem = $"it contains the character U+{codePoint:X4}, which no user identity contains.";
                return false;
            }

            if (Guid.TryParse(trimmed, out var id))
            {
                if (id == Guid.Empty)
                {
                    // Entra never gives an object the nil GUID; it is a placeholder (an unset variable, an empty cell).
                    problem = "the nil GUID is not the object id of any user.";
                    return false;
                }
                identity = new UserIdentity(UserIdentityKind.ObjectId, id.ToString("D"), id, text);
                problem = "";
                return true;
            }

            var address = trimmed.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? trimmed.Substring(4) : trimmed;
            var at = address.IndexOf('@');
            if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1)
            {
                problem = "it is neither an address of the form user@domain nor an object id.";
                return false;
            }
            var domain = address.Substring(at + 1);
            if (domain.StartsWith(".", StringComparison.Ordinal) || domain.EndsWith(".", StringComparison.Ordinal) || domain.Contains("..")
                || !IsDomainLabels(domain))
            {
                problem = $"its domain {QuotedValue.Of(domain)} is not a valid domain name.";
                return false;
            }
            // '*' and '?' too: no UPN holds them, and a request queued for one could not be named again (Get takes them as a
            // wildcard pattern, so '*@contoso.com' listed every user's requests; found by an outside probe).
            foreach (var c in address)
            {
                if (c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']' || c == ':'
                    || c == '*' || c == '?')
                {
                    problem = $"it contains '{c}', which a user principal name cannot contain.";
                    return false;
                }
            }
            if (address.Length > MaxAddressLength)
            {
                problem = $"it is {address.Length} characters long; a user identity has at most {MaxAddressLength}.";
                return false;
            }
            var lookAlike = IdentityScripts.FindLookAlike(address);
            if (lookAlike != null)
            {
                problem = lookAlike;
                return false;
            }

            identity = new UserIdentity(UserIdentityKind.Address, address.ToLowerInvariant(), Guid.Empty, text);
            problem = "";
            return true;
        }

        /// <summary>Letters, digits and inner hyphens only: no '/', '?', '#' or '%' that would reshape a Graph URL.</summary>
        private static bool IsDomainLabels(string domain)
        {
            foreach (var label in domain.Split('.'))
            {
                if (label.Length == 0 || label[0] == '-' || label[label.Length - 1] == '-') return false;
                foreach (var c in label)
                {
                    if (!char.IsLetterOrDigit(c) && c != '-') return false;
                }
            }
            return true;
        }

        public bool Equals(UserIdentity? other) => other != null && other.Kind == Kind && other.Value == Value;
        public override bool Equals(object? obj) => Equals(obj as UserIdentity);
        public override int GetHashCode() => Value.GetHashCode();
        public override string ToString() => Value;
    }
}
