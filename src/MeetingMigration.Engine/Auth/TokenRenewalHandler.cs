using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// When Graph refuses a request's access token (401 InvalidAuthenticationToken: expired, revoked), gets a new token once
    /// (shared with the requests refused at the same moment, <see cref="GraphTokens.RenewAsync"/>) and sends the same request
    /// once more with it; never more. This is part of authenticating, not a retry: Graph checks
    /// the token before it reads or applies anything, so the request sent again is the first one Graph acts on (a PATCH
    /// mails attendees once), and it spends nothing of the call's retry budget, which stays with
    /// <see cref="Graph.ResilientMailboxGateway"/> (throttling and transient failures) — the re-send happens inside the one
    /// call the gateway made, within its mailbox slot. A refusal that outlives the new token, or a token that cannot be
    /// renewed, goes back to the caller as Graph's 401 with the reason added to its message.
    /// </summary>
    internal sealed class TokenRenewalHandler : DelegatingHandler
    {
        internal const string InvalidToken = "InvalidAuthenticationToken";

        private readonly GraphTokens _tokens;
        private readonly Func<Uri, bool> _isGraph;
        private readonly ILogger _logger;

        /// <param name="isGraph">Whether a URL is the connection's Graph host: a token is never sent anywhere else.</param>
        public TokenRenewalHandler(GraphTokens tokens, Func<Uri, bool> isGraph, ILogger? logger = null)
        {
            _tokens = tokens;
            _isGraph = isGraph;
            _logger = logger ?? NullLogger.Instance;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
            var sent = request.Headers.Authorization;
            if (sent == null || !string.Equals(sent.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(sent.Parameter)
                || request.RequestUri == null || !_isGraph(request.RequestUri))
                return response;
            var refusal = await GraphErrorAsync(response).ConfigureAwait(false);
            if (refusal == null) return response;

            string? fresh;
            try
            {
                fresh = await _tokens.RenewAsync(sent.Parameter!, cancellationToken).ConfigureAwait(false);
            }
            catch (MeetingMigrationException e)
            {
                // Signing in again failed (Entra unreachable, the secret revoked): Graph's refusal stands, with the reason.
                return Explained(response, refusal, $"getting a new access token failed: {e.Message}");
            }
            if (fresh == null)
            {
                return Explained(response, refusal, _tokens.Renewable
                    ? "the sign-in handed back the same token"
                    : "a token given as -AccessToken (or the service's AccessToken setting) cannot be renewed; connect again with a new one");
            }

            var again = await CopyAsync(request, fresh).ConfigureAwait(false);
            if (again == null) return Explained(response, refusal, "the request's body could not be read again to send it with a new token");
            response.Dispose();
            _logger.LogDebug("Microsoft Graph refused the access token of a {Method} ({Code}); sending it once more with a new token.", request.Method, InvalidToken);
            var second = await base.SendAsync(again, cancellationToken).ConfigureAwait(false);
            if (second.StatusCode != HttpStatusCode.Unauthorized) return second;
            var secondRefusal = await GraphErrorAsync(second).ConfigureAwait(false);
            return secondRefusal == null ? second : Explained(second, secondRefusal, "a new access token was obtained and refused too");
        }

        /// <summary>Graph's error object of a 401 that says the token itself is bad; null for any other 401.</summary>
        private static async Task<JsonNode?> GraphErrorAsync(HttpResponseMessage response)
        {
            if (response.Content == null) return null;
            try
            {
                // Buffered, so whoever reads the answer after this still can.
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                var root = JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                var error = root?["error"];
                return error is JsonObject && error["code"] is JsonValue code && code.TryGetValue<string>(out var text) && text == InvalidToken ? root : null;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is HttpRequestException)
            {
                return null;
            }
        }

        /// <summary>
        /// The 401 with why no new token helped added to Graph's message (the status and code stay), so the request's
        /// LastMessage and the cmdlet's error say it. Graph's message never holds the token, nor does the reason.
        /// </summary>
        private static HttpResponseMessage Explained(HttpResponseMessage response, JsonNode root, string reason)
        {
            var error = root["error"]!.AsObject();
            var message = error["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text.TrimEnd('.', ' ') : "The access token was refused";
            error["message"] = $"{message}. Not sent again: {reason}.";
            var contentType = response.Content?.Headers.ContentType?.MediaType ?? "application/json";
            response.Content?.Dispose();
            response.Content = new StringContent(root.ToJsonString(), Encoding.UTF8, contentType);
            return response;
        }

        /// <summary>
        /// The same request with the new token: same method, URL, headers, options and body. A body that cannot be read
        /// again (a stream that cannot seek) gives null, and nothing is sent again.
        /// </summary>
        private static async Task<HttpRequestMessage?> CopyAsync(HttpRequestMessage request, string token)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
            foreach (var header in request.Headers)
            {
                if (string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase)) continue;
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            copy.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var property in request.Properties) copy.Properties[property.Key] = property.Value;
            if (request.Content != null)
            {
                byte[] body;
                try
                {
                    // The SDK's bodies are streams over memory: read again from their start.
                    body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                    copy.Dispose();
                    return null;
                }
                var content = new ByteArrayContent(body);
                foreach (var header in request.Content.Headers) content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                copy.Content = content;
            }
            return copy;
        }
    }
}
