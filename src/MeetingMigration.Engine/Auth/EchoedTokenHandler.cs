using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
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
            if (text.IndexOf(token, StringComparison.Ordinal) < 0) return response;
            var type = response.Content.Headers.ContentType;
            response.Content.Dispose();
            response.Content = new StringContent(text.Replace(token, Replacement), Encoding.UTF8);
            response.Content.Headers.ContentType = type == null ? null : new MediaTypeHeaderValue(type.MediaType) { CharSet = "utf-8" };
            return response;
        }
    }
}
