using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// A live connection to a tenant: MSAL for tokens (cached in the application object), the Graph SDK over a plain
    /// HttpClient (no SDK retry), wrapped in the engine's limits and retry rules. A token Graph refuses (expired mid-run)
    /// is renewed once and the request sent once more (<see cref="TokenRenewalHandler"/>).
    /// </summary>
    public sealed class GraphConnection : IDisposable
    {
        private const int MaxAccessTokenLength = 16 * 1024;

        private readonly HttpClient _http;
        private readonly GraphTokens _tokens;
        private readonly IDisposable? _signIn;

        private GraphConnection(GraphConnectionOptions options, HttpClient http, GraphServiceClient client, IMailboxGateway gateway,
            GraphTokens tokens, IDisposable? signIn)
        {
            Options = options;
            _http = http;
            Client = client;
            Gateway = gateway;
            _tokens = tokens;
            _signIn = signIn;
        }

        /// <summary>
        /// Signs in now (MSAL caches the token), so wrong credentials fail at Connect-MeetingMigration with a clear error
        /// instead of at the first migration, and a device-code prompt appears while the admin is at the keyboard.
        /// </summary>
        public async Task SignInAsync(CancellationToken cancellationToken)
        {
            var token = await _tokens.CurrentAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token))
                throw new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied,
                    "Signing in returned no access token.", Options.GraphEndpoint, "Check the app registration and try again.");
        }

        public GraphConnectionOptions Options { get; }
        public IMailboxGateway Gateway { get; }
        /// <summary>The raw SDK client, for directory reads outside the mailbox gateway (the license trigger's users/delta).</summary>
        public GraphServiceClient Client { get; }

        public static GraphConnection Create(GraphConnectionOptions options, ILogger? logger = null)
        {
            Validate(options);
            var tokens = Tokens(options, out var signIn);
            var provider = new HostBoundTokenProvider(options.GraphUri, tokens.CurrentAsync);
            // Handlers, none of which retries: the headers inspection handler, which hands a PATCH's request-id to the
            // gateway (audit); one that turns a non-JSON error page into Graph's error shape; one that turns a redirect into
            // an error (never followed); the token renewal, which sends a request once more with a new token when Graph
            // refused the old one (an expired token is refused before anything is applied, so this is not a retry, and the
            // gateway stays the one owner of those); and innermost one that takes the request's token out of an error
            // answer that echoes it.
            var http = new HttpClient(new Microsoft.Kiota.Http.HttpClientLibrary.Middleware.HeadersInspectionHandler
            {
                InnerHandler = new NonJsonErrorHandler
                {
                    InnerHandler = new RedirectRefusalHandler(logger)
                    {
                        InnerHandler = new TokenRenewalHandler(tokens, provider.IsGraph, logger)
                        {
                            InnerHandler = new EchoedTokenHandler { InnerHandler = Transport(options.GraphUri) },
                        },
                    },
                },
            })
            {
                Timeout = options.CallTimeout,
            };
            var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(provider), options.GraphUri.ToString().TrimEnd('/'));
            var gateway = new ResilientMailboxGateway(new GraphMailboxGateway(client), options.GlobalConcurrency, logger: logger);
            return new GraphConnection(options, http, client, gateway, tokens, signIn);
        }

        /// <summary>
        /// The sockets under the handlers. No automatic redirects (<see cref="RedirectRefusalHandler"/>). No proxy for a Graph
        /// endpoint on this machine (the sandbox, on plain http): an HTTP_PROXY from the environment received every request
        /// with its bearer token in clear text (found by an outside probe). An https endpoint keeps the system's proxy,
        /// which sees only a tunnel: the token travels inside TLS.
        /// </summary>
        internal static HttpClientHandler Transport(Uri graph) =>
            new HttpClientHandler { AllowAutoRedirect = false, UseProxy = !graph.IsLoopback };

        private static void Validate(GraphConnectionOptions options)
        {
            if (EndpointUserInfo.IsIn(options.GraphEndpoint))
                throw Invalid($"GraphEndpoint {QuotedValue.Of(EndpointUserInfo.Hidden(options.GraphEndpoint))} holds a user name or password before its host; nothing was connected. " +
                              "Graph is signed in to with the token or the app's credential, never with credentials in the URL.", EndpointUserInfo.Hidden(options.GraphEndpoint));
            if (options.Mode != GraphAuthenticationMode.AccessToken && EndpointUserInfo.IsIn(options.AuthorityHost))
                throw Invalid($"AuthorityHost {QuotedValue.Of(EndpointUserInfo.Hidden(options.AuthorityHost))} holds a user name or password before its host; nothing was connected.",
                              EndpointUserInfo.Hidden(options.AuthorityHost));
            if (!Uri.TryCreate(options.GraphEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && !uri.IsLoopback))
                throw Invalid($"GraphEndpoint {QuotedValue.Of(EndpointUserInfo.Hidden(options.GraphEndpoint))} must be an https URL (plain http is allowed for 127.0.0.1 only).", EndpointUserInfo.Hidden(options.GraphEndpoint));
            if (!uri.AbsolutePath.TrimEnd('/').EndsWith("/v1.0", StringComparison.Ordinal))
                throw Invalid($"GraphEndpoint {QuotedValue.Of(EndpointUserInfo.Hidden(options.GraphEndpoint))} must end in /v1.0.", EndpointUserInfo.Hidden(options.GraphEndpoint));
            // A query or fragment (a key, say) would be shown wherever the endpoint is, and Graph's URLs are built under the path.
            if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
                throw Invalid($"GraphEndpoint {QuotedValue.Of(EndpointUserInfo.Hidden(options.GraphEndpoint))} has a query or fragment; give Graph's URL alone, ending in /v1.0.", EndpointUserInfo.Hidden(options.GraphEndpoint));
            if (options.Mode != GraphAuthenticationMode.AccessToken) CheckAuthority(options);
            switch (options.Mode)
            {
                case GraphAuthenticationMode.AccessToken:
                    if (string.IsNullOrEmpty(options.AccessToken)) throw Invalid("-AccessToken is empty.", null);
                    // The token goes into an Authorization header: CR, LF or any other control character would let it add
                    // headers of its own. The value itself is never named (it is a secret).
                    // Entra ID's access tokens are a few kilobytes; a much longer value is a file or a paste gone wrong, and
                    // would be sent with every Graph call (found by the generated bad-input proof's every-value run).
                    if (options.AccessToken!.Length > MaxAccessTokenLength)
                        throw Invalid($"-AccessToken has {options.AccessToken.Length} characters; an access token has at most {MaxAccessTokenLength}. Nothing was connected.", null);
                    if (!TokenText.IsHeaderSafe(options.AccessToken!))
                        throw Invalid("-AccessToken contains characters a bearer token cannot hold (line breaks, control or non-ASCII characters); nothing was connected.", null);
                    // A token needs no tenant, but one that is given is checked like in the other modes, not ignored.
                    if (options.TenantId.Length > 0) CheckTenant(options.TenantId);
                    break;
                case GraphAuthenticationMode.ClientSecret:
                case GraphAuthenticationMode.Certificate:
                case GraphAuthenticationMode.DeviceCode:
                    CheckTenant(options.TenantId);
                    if (!Guid.TryParse(options.ClientId, out _))
                        throw Invalid($"ClientId {QuotedValue.Of(options.ClientId)} is not a GUID (the application id of your app registration).", options.ClientId);
                    // MSAL would throw ArgumentNullException for these; the secret is never named.
                    if (options.Mode == GraphAuthenticationMode.ClientSecret && string.IsNullOrEmpty(options.ClientSecret))
                        throw Invalid("-ClientSecret is empty; nothing was connected.", null);
                    if (options.Mode == GraphAuthenticationMode.Certificate && options.Certificate == null)
                        throw Invalid("No certificate was given; nothing was connected.", null);
                    if (options.Mode == GraphAuthenticationMode.Certificate && !options.Certificate!.HasPrivateKey)
                        throw Invalid($"The certificate {options.Certificate.Thumbprint} has no private key, which signing in needs; nothing was connected.",
                            options.Certificate.Thumbprint);
                    break;
            }
        }

        /// <summary>
        /// The authority is a host and nothing more (the tenant is appended): https, or plain http on this machine for the
        /// sandbox, where sign-in is a client secret at its token endpoint (MSAL takes https authorities only).
        /// </summary>
        private static void CheckAuthority(GraphConnectionOptions options)
        {
            var text = options.AuthorityHost ?? "";
            if (!Uri.TryCreate(text, UriKind.Absolute, out var authority) || (authority.Scheme != "https" && !(authority.Scheme == "http" && authority.IsLoopback))
                || authority.AbsolutePath != "/" || authority.Query.Length > 0 || authority.Fragment.Length > 0 || authority.UserInfo.Length > 0)
                throw Invalid($"AuthorityHost {QuotedValue.Of(EndpointUserInfo.Hidden(text))} must be the https URL of a Microsoft Entra ID host, such as {GraphConnectionOptions.DefaultAuthorityHost} " +
                    "(plain http is allowed for 127.0.0.1 only: the sandbox).", EndpointUserInfo.Hidden(text));
            if (IsLoopbackAuthority(options) && options.Mode != GraphAuthenticationMode.ClientSecret)
                throw Invalid($"AuthorityHost {QuotedValue.Of(EndpointUserInfo.Hidden(text))} is a local sandbox, which signs in with a client secret only; use -ClientSecret.", EndpointUserInfo.Hidden(text));
        }

        private static bool IsLoopbackAuthority(GraphConnectionOptions options) =>
            Uri.TryCreate(options.AuthorityHost, UriKind.Absolute, out var authority) && authority.Scheme == "http" && authority.IsLoopback;

        /// <summary>The tenant goes into the authority URL: a GUID or a domain name, nothing that could reshape the URL.</summary>
        private static void CheckTenant(string tenantId)
        {
            if (!TokenText.IsTenantId(tenantId))
                throw Invalid($"TenantId {QuotedValue.Of(tenantId)} is neither a GUID nor a domain name (such as contoso.onmicrosoft.com).", tenantId);
        }

        /// <summary>
        /// The connection's token source. MSAL keeps the tokens of an app registration (refreshed ahead of expiry, and past
        /// its cache when Graph refused one); a given -AccessToken is all there is; a sandbox authority gets the engine's own
        /// client-credentials client (<see cref="LoopbackClientCredentials"/>, which says why MSAL cannot serve it).
        /// </summary>
        private static GraphTokens Tokens(GraphConnectionOptions options, out IDisposable? owned)
        {
            owned = null;
            var scopes = new[] { $"{options.GraphUri.Scheme}://{options.GraphUri.Authority}/.default" };
            var authorityHost = (options.AuthorityHost ?? GraphConnectionOptions.DefaultAuthorityHost).TrimEnd('/');
            var authority = $"{authorityHost}/{options.TenantId}";
            switch (options.Mode)
            {
                case GraphAuthenticationMode.AccessToken:
                    var token = options.AccessToken!;
                    return new GraphTokens((_, __) => Task.FromResult(token), renewable: false);
                case GraphAuthenticationMode.ClientSecret when IsLoopbackAuthority(options):
                    var sandbox = new LoopbackClientCredentials(new Uri(authorityHost + "/"), options.TenantId, options.ClientId!, options.ClientSecret!, scopes[0]);
                    owned = sandbox;
                    return new GraphTokens(sandbox.GetTokenAsync, renewable: true);
                case GraphAuthenticationMode.ClientSecret:
                case GraphAuthenticationMode.Certificate:
                    var builder = ConfidentialClientApplicationBuilder.Create(options.ClientId).WithAuthority(authority);
                    var app = options.Mode == GraphAuthenticationMode.Certificate
                        ? builder.WithCertificate(options.Certificate).Build()
                        : builder.WithClientSecret(options.ClientSecret).Build();
                    // WithForceRefresh only after Graph refused the cached token: MSAL asks Entra for a new one instead.
                    return new GraphTokens(async (force, ct) =>
                        (await Acquire(authorityHost, () => app.AcquireTokenForClient(scopes).WithForceRefresh(force).ExecuteAsync(ct)).ConfigureAwait(false)).AccessToken,
                        renewable: true);
                default:
                    var pub = PublicClientApplicationBuilder.Create(options.ClientId).WithAuthority(authority).WithDefaultRedirectUri().Build();
                    var delegated = new[] { "Calendars.ReadWrite", "User.Read.All", "OnlineMeetings.Read" };
                    return new GraphTokens(async (force, ct) =>
                    {
                        var accounts = await pub.GetAccountsAsync().ConfigureAwait(false);
                        foreach (var account in accounts)
                        {
                            try { return (await pub.AcquireTokenSilent(delegated, account).WithForceRefresh(force).ExecuteAsync(ct).ConfigureAwait(false)).AccessToken; }
                            catch (MsalUiRequiredException) { }
                        }
                        var result = await Acquire(authorityHost, () => pub.AcquireTokenWithDeviceCode(delegated, code =>
                        {
                            options.DeviceCodeMessage?.Invoke(code.Message);
                            return Task.CompletedTask;
                        }).ExecuteAsync(ct)).ConfigureAwait(false);
                        return result.AccessToken;
                    }, renewable: true);
            }
        }

        private static async Task<AuthenticationResult> Acquire(string authorityHost, Func<Task<AuthenticationResult>> acquire)
        {
            try
            {
                return await acquire().ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.ConnectionError,
                    $"Microsoft Entra ID ({HostOf(authorityHost)}) could not be reached to sign in: {QuotedValue.Inert(e.Message)}", null,
                    $"Check this machine's network, proxy and DNS settings for {HostOf(authorityHost)}, then connect again.", e);
            }
            catch (MsalException e)
            {
                // MSAL's message names the app and tenant, never the secret.
                throw new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied,
                    $"Signing in to Microsoft Entra failed ({QuotedValue.Inert(e.ErrorCode, 80)}): {QuotedValue.Inert(e.Message, 600)}", null,
                    "Check the tenant id, the app registration's client id and its certificate or secret, and that admin consent was granted.", e);
            }
        }

        private static string HostOf(string authorityHost) => Uri.TryCreate(authorityHost, UriKind.Absolute, out var uri) ? uri.Host : authorityHost;

        /// <summary>
        /// The error to show for a failure of this connection's calls: GraphUnreachable naming the endpoint when Graph
        /// could not be reached at all; AuthenticationFailed when Graph refused the token (and a new one did not help);
        /// GraphUnavailable or GraphRequestFailed for any other failed call; otherwise the failure itself.
        /// </summary>
        public Exception Explain(Exception failure) =>
            GraphFailures.Unreachable(failure, Options.GraphEndpoint) ?? GraphFailures.TokenRefused(failure, Options.GraphEndpoint) ??
            GraphFailures.Failed(failure, Options.GraphEndpoint) ?? failure;

        private static MeetingMigrationException Invalid(string message, object? target) =>
            new MeetingMigrationException(ErrorIds.InvalidConnectionParameters, ErrorKind.InvalidArgument, message, target,
                "See Get-Help Connect-MeetingMigration for the parameter sets.");

        public void Dispose()
        {
            _http.Dispose();
            _signIn?.Dispose();
        }
    }
}
