using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
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
            if ((int)response.StatusCode < 400 || string.IsNullOrEmpty(token) || response.Content == null) return response;

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

        /// <summary>Runs of a token's characters (base64, base64url, JWT dots) at least this long that are part of the token.</summary>
        private const int ShortestPart = 12;

        /// <summary>
        /// The text without the token: whole, URL-encoded or JSON-escaped, and any run of at least <see cref="ShortestPart"/>
        /// of its characters that is part of it (a truncated echo leaves a token a few guesses from whole). The same string
        /// when there was nothing to take out.
        /// </summary>
        internal static string Scrub(string text, string token)
        {
            var result = text;
            foreach (var form in new[] { token, Uri.EscapeDataString(token), token.Replace("/", "\\/"), System.Text.Json.JsonEncodedText.Encode(token).ToString() })
                if (form.Length > 0 && result.IndexOf(form, StringComparison.Ordinal) >= 0) result = result.Replace(form, Replacement);
            var parts = Regex.Replace(result, @"[A-Za-z0-9\-._~+/=]{" + ShortestPart + ",}",
                run => token.IndexOf(run.Value, StringComparison.Ordinal) >= 0 ? Replacement : run.Value);
            return parts == text ? text : parts;
        }
    }
}