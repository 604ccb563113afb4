using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MeetingMigration.Engine.Blocks.Html;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// A short, stable hash of a block used as an idempotency marker ("this body already carries the block we wrote").
    /// Exchange re-serializes HTML bodies on save (attribute quoting, whitespace, entities) and Safe Links rewrites
    /// hrefs in copies, so the hash is taken over what the block says, not its bytes: the visible text with whitespace
    /// collapsed, plus every link target with Safe Links removed. Markup, styling and line endings do not count.
    /// </summary>
    public static class BlockFingerprint
    {
        public const int Length = 16;

        public static string Compute(string blockText)
        {
            if (blockText == null) throw new ArgumentNullException(nameof(blockText));
            string canonical = Canonicalize(blockText);
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonical));
                var hex = new StringBuilder(Length);
                for (int i = 0; hex.Length < Length; i++) hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }

        internal static string Canonicalize(string blockText)
        {
            var sb = new StringBuilder(blockText.Length);
            foreach (var token in HtmlTokenizer.Tokenize(blockText))
            {
                switch (token.Kind)
                {
                    case HtmlTokenKind.Text:
                        AppendCollapsed(sb, WebUtility.HtmlDecode(blockText.Substring(token.Start, token.Length)));
                        break;
                    case HtmlTokenKind.StartTag:
                        string? url = LinkTarget(blockText, token);
                        if (url != null) sb.Append(" <").Append(JoinUrls.Unwrap(url)).Append("> ");
                        break;
                }
            }

            return CollapseAll(sb.ToString());
        }

        /// <summary>The target of &lt;a href&gt; in HTML, or of "&lt;https://…&gt;" / "&lt;tel:…&gt;" in plain text.</summary>
        private static string? LinkTarget(string text, HtmlToken token)
        {
            if (token.Name != null && token.Name.EndsWith(":", StringComparison.Ordinal))
            {
                return text.Substring(token.Start + 1, token.Length - 2);
            }

            return HtmlAttributes.Get(text, token, "originalsrc") ?? HtmlAttributes.Get(text, token, "href");
        }

        private static void AppendCollapsed(StringBuilder sb, string text)
        {
            foreach (char c in text) sb.Append(char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u202F' ? ' ' : c);
        }

        private static string CollapseAll(string text)
        {
            var sb = new StringBuilder(text.Length);
            bool space = false;
            foreach (char c in text)
            {
                if (c == ' ') { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(c);
            }

            return sb.ToString();
        }
    }
}
