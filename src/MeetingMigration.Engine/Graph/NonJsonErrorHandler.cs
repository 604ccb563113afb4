using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// An error answer that is not JSON (an HTML page from a proxy or gateway in front of Graph) becomes Graph's own error
    /// shape, status kept, so the SDK maps it like any Graph error (and a 502 is retried like one) instead of failing on a
    /// content type it cannot parse. The page's text is quoted shortened and escaped.
    /// </summary>
    internal sealed class NonJsonErrorHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode < 400 || IsJson(response.Content?.Headers.ContentType)) return response;

            var mediaType = response.Content?.Headers.ContentType?.MediaType ?? "no content type";
            var text = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var message = $"Microsoft Graph answered {(int)response.StatusCode} with {mediaType} instead of JSON" +
                          (text.Length > 0 ? $": {QuotedValue.Inert(text, 200)}" : ".");
            var json = JsonSerializer.Serialize(new { error = new { code = "NonJsonResponse", message } });
            response.Content?.Dispose();
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            return response;
        }

        private static bool IsJson(MediaTypeHeaderValue? type) =>
            type?.MediaType != null && type.MediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase);
    }
}
