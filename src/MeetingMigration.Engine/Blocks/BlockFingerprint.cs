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
            // Written as it is read, spaces collapsed on the way: the text once, not a copy per text run and two more of
            // the whole (issue 9). Whitespace of the visible text counts as a space; link targets keep theirs but for spaces.
            var canonical = new Collapsed(blockText.Length);
            foreach (var token in HtmlTokenizer.Tokenize(blockText))
            {
                switch (token.Kind)
                {
                    case HtmlTokenKind.Text:
                        if (blockText.IndexOf('&', token.Start, token.Length) < 0) canonical.AppendVisible(blockText, token.Start, token.Length);
                        else
                        {
                            var decoded = WebUtility.HtmlDecode(blockText.Substring(token.Start, token.Length));
                            canonical.AppendVisible(decoded, 0, decoded.Length);
                        }
                        break;
                    case HtmlTokenKind.StartTag:
                        string? url = LinkTarget(blockText, token);
                        if (url != null) canonical.Append(" <").Append(JoinUrls.Unwrap(url)).Append("> ");
                        break;
                }
            }

            return canonical.ToString();
        }

        /// <summary>
        /// Text with runs of spaces made one, and none at either end. Visible text has its whitespace (and no-break spaces)
        /// turned into spaces first; other text keeps tabs and line breaks as they are.
        /// </summary>
        private sealed class Collapsed
        {
            private readonly StringBuilder _text;
            private bool _space;

            public Collapsed(int capacity) => _text = new StringBuilder(capacity);

            public Collapsed Append(string value)
            {
                foreach (char c in value) Add(c);
                return this;
            }

            public void AppendVisible(string value, int start, int length)
            {
                for (int i = start; i < start + length; i++)
                {
                    char c = value[i];
                    Add(char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u202F' ? ' ' : c);
                }
            }

            private void Add(char c)
            {
                if (c == ' ') { _space = _text.Length > 0; return; }
                if (_space) _text.Append(' ');
                _space = false;
                _text.Append(c);
            }

            public override string ToString() => _text.ToString();
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
    }
}
