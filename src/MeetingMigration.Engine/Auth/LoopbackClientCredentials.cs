using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// The client-credentials grant (client id and secret for a token, POST {authority}/{tenant}/oauth2/v2.0/token) against a
    /// token endpoint on this machine over plain http: the sandbox's Entra ID. Used only for an http authority on a loopback
    /// address; every real authority goes through MSAL.
    /// </summary>
    /// <remarks>
    /// MSAL cannot be pointed at the sandbox: it refuses any authority that is not https ("The authority must use HTTPS
    /// scheme", AuthorityInfo.ValidateAndCreateAuthorityUri in MSAL.NET, generic authorities included) and rebuilds Entra
    /// authorities as https URLs. Giving the sandbox a TLS certificate the engine would then have to trust, or rewriting
    /// MSAL's requests in an HTTP handler, would test a disguised MSAL rather than the engine. So this small client stands
    /// in for MSAL there, with the same contract the engine relies on: a cached token until shortly before expires_in, and
    /// a forced refresh when Graph refused it. What is under test is everything around it: the 401, one renewal shared by
    /// all requests, one re-send, no token outside the Graph host.
    /// </remarks>
    internal sealed class LoopbackClientCredentials : IDisposable
    {
        private sealed class Cached
        {
            public Cached(string token, long refreshAt)
            {
                Token = token;
                RefreshAt = refreshAt;
            }

            public string Token { get; }
            /// <summary>Stopwatch timestamp after which the token is fetched again.</summary>
            public long RefreshAt { get; }
        }

        private readonly Uri _endpoint;
        private readonly string _clientId;
        private readonly string _secret;
        private readonly string _scope;
        private readonly HttpClient _http;
        private readonly SemaphoreSlim _signIn = new SemaphoreSlim(1, 1);
        private volatile Cached? _cached;

        public LoopbackClientCredentials(Uri authority, string tenant, string clientId, string secret, string scope, HttpMessageHandler? handler = null)
        {
            if (authority.Scheme != "http" || !authority.IsLoopback)
                throw new ArgumentException("Only a plain-http authority on this machine is signed in to without MSAL.", nameof(authority));
            _endpoint = new Uri(authority, $"{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token");
            _clientId = clientId;
            _secret = secret;
            _scope = scope;
            // No redirects (the form holds the secret and goes to this endpoint only) and no proxy (it is this machine).
            _http = new HttpClient(handler ?? new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        }

        public Uri Endpoint => _endpoint;

        public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            var cached = _cached;
            if (!forceRefresh && cached != null && Stopwatch.GetTimestamp() < cached.RefreshAt) return cached.Token;
            await _signIn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another caller may have signed in while this one waited.
                cached = _cached;
                if (!forceRefresh && cached != null && Stopwatch.GetTimestamp() < cached.RefreshAt) return cached.Token;
                _cached = null;
                var (token, expiresIn) = await RequestAsync(cancellationToken).ConfigureAwait(false);
                // MSAL refreshes five minutes ahead of expiry; a short-lived token is kept for nine tenths of its life.
                var margin = Math.Min(300, expiresIn / 10.0);
                _cached = new Cached(token, Stopwatch.GetTimestamp() + (long)((expiresIn - margin) * Stopwatch.Frequency));
                return token;
            }
            finally
            {
                _signIn.Release();
            }
        }

        private async Task<(string Token, double ExpiresIn)> RequestAsync(CancellationToken cancellationToken)
        {
            using var form = new FormUrlEncodedContent(new[]
            {
                new KeyValuePair<string, string>("client_id", _clientId),
                new KeyValuePair<string, string>("client_secret", _secret),
                new KeyValuePair<string, string>("scope", _scope),
                new KeyValuePair<string, string>("grant_type", "client_credentials"),
            });
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.PostAsync(_endpoint, form, cancellationToken).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw Failed(ErrorKind.ConnectionError, $"the token endpoint {_endpoint} could not be reached: {QuotedValue.Inert(Scrub(e.Message), 200)}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failed(ErrorKind.OperationTimeout, $"the token endpoint {_endpoint} did not answer in time.", e);
            }
            using (response)
            {
                JsonElement root;
                try
                {
                    using var document = JsonDocument.Parse(text);
                    root = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw Failed(ErrorKind.PermissionDenied, $"the token endpoint {_endpoint} answered {(int)response.StatusCode} without JSON.");
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw Failed(ErrorKind.PermissionDenied, $"the token endpoint {_endpoint} refused ({Refusal(root)}).");
                }
                var token = String(root, "access_token");
                var type = String(root, "token_type");
                var expiresIn = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number
                    ? e.GetDouble() : 0;
                // The token goes into an Authorization header: one with a line break could add headers of its own.
                if (token == null || !TokenText.IsHeaderSafe(token) || !string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase) || expiresIn <= 0)
                    throw Failed(ErrorKind.PermissionDenied, $"the token endpoint {_endpoint} answered without a usable bearer token (token_type, access_token, expires_in).");
                return (token, expiresIn);
            }
        }

        private static string? String(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>
        /// What a refusal says, as codes only: the OAuth error code and any AADSTS numbers of its description. Its free text
        /// is not shown: an endpoint that echoes the form put the secret in it URL-encoded, or in part, which no replacing
        /// of the secret catches (found by an outside probe).
        /// </summary>
        internal static string Refusal(JsonElement root)
        {
            var error = String(root, "error");
            // Only the codes OAuth 2.0 and Entra ID define: any other word there may be what the server echoed, the secret
            // included (found by the probe that checked this fix: a secret of lowercase letters passed a pattern check).
            var code = error != null && OAuthCodes.Contains(error) ? error : "no readable error code";
            var aadsts = AadstsCode.Matches(String(root, "error_description") ?? "").Cast<Match>().Select(m => m.Value).Distinct().Take(3).ToList();
            return aadsts.Count == 0 ? code : $"{code}, {string.Join(", ", aadsts)}";
        }

        private static readonly HashSet<string> OAuthCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope",
            "access_denied", "server_error", "temporarily_unavailable", "interaction_required", "invalid_resource", "consent_required",
        };
        private static readonly Regex AadstsCode = new Regex(@"\bAADSTS[0-9]{1,9}\b", RegexOptions.CultureInvariant);

        /// <summary>A transport error's text is shown, but never with the secret in it.</summary>
        private string Scrub(string text) => _secret.Length == 0 ? text : text.Replace(_secret, "***");

        private static MeetingMigrationException Failed(ErrorKind kind, string reason, Exception? inner = null) =>
            new MeetingMigrationException(ErrorIds.AuthenticationFailed, kind, $"Signing in failed: {reason}", null,
                "Check that the sandbox runs at the authority given, and the client id and secret it expects.", inner);

        public void Dispose() => _http.Dispose();
    }
}
