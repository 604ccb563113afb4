using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// Takes the request's own access token out of an error answer before anything reads it. Graph's error messages are
    /// quoted in errors, status, the store and the log; an endpoint or a proxy that echoes the request's headers into
    /// its error would otherwise put the token in all of them (found by an outside probe). Runs innermost, so it sees the
    /// token each request was really sent with (a renewed one included).
    /// </summary>
    internal sealed class EchoedTokenHandler : DelegatingHandler
    {
        internal const string Replacement = "[access token removed]";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var token = request.Headers.Authorization?.Parameter;
            if ((int)response.StatusCode < 400 || string.IsNullOrEmpty(token)) return response;
            ScrubHeaders(response.Headers, token!);
            if (response.Content == null) return response;
            ScrubHeaders(response.Content.Headers, token!);

            // Error answers are small; a success's body (the calendar) is never read here. Read, the content is buffered,
            // so an answer without the token goes on as it came.
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var scrubbed = Scrub(text, token!);
            if (ReferenceEquals(scrubbed, text)) return response;
            var type = response.Content.Headers.ContentType;
            response.Content.Dispose();
            response.Content = new StringContent(scrubbed, Encoding.UTF8);
            response.Content.Headers.ContentType = type == null ? null : new MediaTypeHeaderValue(type.MediaType) { CharSet = "utf-8" };
            return response;
        }

        /// <summary>
        /// An error answer's headers, which the SDK keeps on its exception (ResponseHeaders) and Get-Error prints: a host that
        /// echoes the token into WWW-Authenticate, request-id or Location put it there, though every message was clean
        /// (outside probe BQ-F1).
        /// </summary>
        private static void ScrubHeaders(HttpHeaders headers, string token)
        {
            foreach (var header in headers.ToList())
            {
                var scrubbed = header.Value.Select(value => Scrub(value, token)).ToList();
                if (scrubbed.SequenceEqual(header.Value)) continue;
                headers.Remove(header.Key);
                headers.TryAddWithoutValidation(header.Key, scrubbed);
            }
        }

        /// <summary>Runs of a token's characters (base64, base64url, JWT dots) at least this long that are part of the token.</summary>
        private const int ShortestPart = 12;

        /// <summary>
        /// The text without the token, the same string when there was nothing to take out. A JSON answer is scrubbed value by
        /// value once parsed, so no way of escaping it hides the token; other text is scrubbed as it is and, where that is not
        /// enough, once its JSON-style (\uXXXX, \/) and URL (%XX) escapes are decoded. In each, the token goes whole (in any
        /// case) and so does any run of at least <see cref="ShortestPart"/> of its characters that is part of it: a truncated
        /// echo leaves a token a few guesses from whole. Found by two outside probes: truncated, URL-encoded and escaped
        /// echoes passed exact matching.
        /// </summary>
        internal static string Scrub(string text, string token)
        {
            if (token.Length == 0 || text.Length == 0) return text;
            if (LooksLikeJson(text))
            {
                try
                {
                    var node = JsonNode.Parse(text);
                    if (node != null && ScrubValues(node, token)) return node.ToJsonString();
                    return text;
                }
                catch (JsonException)
                {
                    // Not JSON after all: scrubbed as text below.
                }
            }
            return ScrubText(text, token);
        }

        private static bool LooksLikeJson(string text)
        {
            var trimmed = text.TrimStart();
            return trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal);
        }

        /// <summary>Scrubs every string value in the tree; true when one changed.</summary>
        private static bool ScrubValues(JsonNode node, string token)
        {
            var changed = false;
            if (node is JsonObject obj)
            {
                foreach (var name in obj.Select(p => p.Key).ToList())
                    changed |= ScrubChild(obj[name], token, scrubbed => obj[name] = scrubbed);
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    var at = i;
                    changed |= ScrubChild(array[at], token, scrubbed => array[at] = scrubbed);
                }
            }
            return changed;
        }

        private static bool ScrubChild(JsonNode? child, string token, Action<string> replace)
        {
            if (child is JsonValue value && value.TryGetValue<string>(out var text))
            {
                var scrubbed = ScrubText(text, token);
                if (ReferenceEquals(scrubbed, text)) return false;
                replace(scrubbed);
                return true;
            }
            return child != null && ScrubValues(child, token);
        }

        /// <summary>
        /// Scrubbed as it is; then, when decoding its escapes shows more of the token, decoded and scrubbed (the decoded text
        /// is what is kept then: the escapes were hiding the token).
        /// </summary>
        private static string ScrubText(string text, string token)
        {
            var plain = ScrubPlain(text, token);
            var decoded = Decode(plain);
            if (decoded == plain) return plain;
            var scrubbed = ScrubPlain(decoded, token);
            return ReferenceEquals(scrubbed, decoded) ? plain : scrubbed;
        }

        /// <summary>
        /// The token whole, in any case, and runs of its characters that are part of it. A token shorter than
        /// <see cref="ShortestPart"/> (never Entra's; a sandbox's "x" or "tok") goes only where no letter or digit touches
        /// it: taken out anywhere, "x" made Graph's "MailboxNotEnabledForRESTAPI" "Mailbo[access token removed]NotEnabled…"
        /// in the errors and the store (an outside probe).
        /// </summary>
        private static string ScrubPlain(string text, string token)
        {
            var pattern = token.Length < ShortestPart ? @"(?<![A-Za-z0-9])" + Regex.Escape(token) + @"(?![A-Za-z0-9])" : Regex.Escape(token);
            var result = text.IndexOf(token, StringComparison.OrdinalIgnoreCase) >= 0
                ? Regex.Replace(text, pattern, Replacement, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
                : text;
            var parts = TokenRun.Replace(result, run => token.IndexOf(run.Value, StringComparison.OrdinalIgnoreCase) >= 0 ? Replacement : run.Value);
            return parts == text ? text : parts;
        }

        private static readonly Regex TokenRun = new Regex(@"[A-Za-z0-9\-._~+/=]{" + ShortestPart + ",}", RegexOptions.CultureInvariant);
        private static readonly Regex JsonEscape = new Regex(@"\\u([0-9A-Fa-f]{4})|\\/", RegexOptions.CultureInvariant);

        /// <summary>JSON-style escapes (\uXXXX, \/) and URL escapes (%XX) decoded.</summary>
        private static string Decode(string text)
        {
            var unescaped = JsonEscape.Replace(text, m => m.Value == "\\/" ? "/" : ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
            try
            {
                return Uri.UnescapeDataString(unescaped);
            }
            catch (UriFormatException)
            {
                return unescaped;
            }
        }
    }
}
