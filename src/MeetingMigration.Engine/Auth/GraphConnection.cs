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
    /// HttpClient (no SDK retry), wrapped in the engine's limits and retry rules.
    /// </summary>
    public sealed class GraphConnection : IDisposable
    {
        private readonly HttpClient _http;

        private readonly Func<CancellationToken, Task<string>> _acquire;

        private GraphConnection(GraphConnectionOptions options, HttpClient http, GraphServiceClient client, IMailboxGateway gateway,
            Func<CancellationToken, Task<string>> acquire)
        {
            Options = options;
            _http = http;
            Client = client;
            Gateway = gateway;
            _acquire = acquire;
        }

        /// <summary>
        /// Signs in now (MSAL caches the token), so wrong credentials fail at Connect-MeetingMigration with a clear error
        /// instead of at the first migration, and a device-code prompt appears while the admin is at the keyboard.
        /// </summary>
        public async Task SignInAsync(CancellationToken cancellationToken)
        {
            var token = await _acquire(cancellationToken).ConfigureAwait(false);
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
            var acquire = TokenSource(options);
            var provider = new HostBoundTokenProvider(options.GraphUri, acquire);
            // Two handlers, neither of which retries: the headers inspection handler, which hands a PATCH's request-id to
            // the gateway (audit), and one that turns a non-JSON error page into Graph's error shape.
            var http = new HttpClient(new Microsoft.Kiota.Http.HttpClientLibrary.Middleware.HeadersInspectionHandler
            {
                InnerHandler = new NonJsonErrorHandler { InnerHandler = new HttpClientHandler() },
            })
            {
                Timeout = TimeSpan.FromSeconds(100),
            };
            var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(provider), options.GraphUri.ToString().TrimEnd('/'));
            var gateway = new ResilientMailboxGateway(new GraphMailboxGateway(client), options.GlobalConcurrency, logger: logger);
            return new GraphConnection(options, http, client, gateway, acquire);
        }

        private static void Validate(GraphConnectionOptions options)
        {
            if (!Uri.TryCreate(options.GraphEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && !uri.IsLoopback))
                throw Invalid($"GraphEndpoint {QuotedValue.Of(options.GraphEndpoint)} must be an https URL (plain http is allowed for 127.0.0.1 only).", options.GraphEndpoint);
            if (!uri.AbsolutePath.TrimEnd('/').EndsWith("/v1.0", StringComparison.Ordinal))
                throw Invalid($"GraphEndpoint {QuotedValue.Of(options.GraphEndpoint)} must end in /v1.0.", options.GraphEndpoint);
            switch (options.Mode)
            {
                case GraphAuthenticationMode.AccessToken:
                    if (string.IsNullOrEmpty(options.AccessToken)) throw Invalid("-AccessToken is empty.", null);
                    // The token goes into an Authorization header: CR, LF or any other control character would let it add
                    // headers of its own. The value itself is never named (it is a secret).
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

        /// <summary>The tenant goes into the authority URL: a GUID or a domain name, nothing that could reshape the URL.</summary>
        private static void CheckTenant(string tenantId)
        {
            if (!TokenText.IsTenantId(tenantId))
                throw Invalid($"TenantId {QuotedValue.Of(tenantId)} is neither a GUID nor a domain name (such as contoso.onmicrosoft.com).", tenantId);
        }

        private static Func<CancellationToken, Task<string>> TokenSource(GraphConnectionOptions options)
        {
            var scopes = new[] { $"{options.GraphUri.Scheme}://{options.GraphUri.Authority}/.default" };
            var authority = $"https://login.microsoftonline.com/{options.TenantId}";
            switch (options.Mode)
            {
                case GraphAuthenticationMode.AccessToken:
                    var token = options.AccessToken!;
                    return _ => Task.FromResult(token);
                case GraphAuthenticationMode.ClientSecret:
                case GraphAuthenticationMode.Certificate:
                    var builder = ConfidentialClientApplicationBuilder.Create(options.ClientId).WithAuthority(authority);
                    var app = options.Mode == GraphAuthenticationMode.Certificate
                        ? builder.WithCertificate(options.Certificate).Build()
                        : builder.WithClientSecret(options.ClientSecret).Build();
                    return async ct => (await Acquire(() => app.AcquireTokenForClient(scopes).ExecuteAsync(ct)).ConfigureAwait(false)).AccessToken;
                default:
                    var pub = PublicClientApplicationBuilder.Create(options.ClientId).WithAuthority(authority).WithDefaultRedirectUri().Build();
                    var delegated = new[] { "Calendars.ReadWrite", "User.Read.All", "OnlineMeetings.Read" };
                    return async ct =>
                    {
                        var accounts = await pub.GetAccountsAsync().ConfigureAwait(false);
                        foreach (var account in accounts)
                        {
                            try { return (await pub.AcquireTokenSilent(delegated, account).ExecuteAsync(ct).ConfigureAwait(false)).AccessToken; }
                            catch (MsalUiRequiredException) { }
                        }
                        var result = await Acquire(() => pub.AcquireTokenWithDeviceCode(delegated, code =>
                        {
                            options.DeviceCodeMessage?.Invoke(code.Message);
                            return Task.CompletedTask;
                        }).ExecuteAsync(ct)).ConfigureAwait(false);
                        return result.AccessToken;
                    };
            }
        }

        private static async Task<AuthenticationResult> Acquire(Func<Task<AuthenticationResult>> acquire)
        {
            try
            {
                return await acquire().ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.ConnectionError,
                    $"Microsoft Entra ID (login.microsoftonline.com) could not be reached to sign in: {QuotedValue.Inert(e.Message)}", null,
                    "Check this machine's network, proxy and DNS settings for login.microsoftonline.com, then connect again.", e);
            }
            catch (MsalException e)
            {
                // MSAL's message names the app and tenant, never the secret.
                throw new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied,
                    $"Signing in to Microsoft Entra failed ({QuotedValue.Inert(e.ErrorCode, 80)}): {QuotedValue.Inert(e.Message, 600)}", null,
                    "Check the tenant id, the app registration's client id and its certificate or secret, and that admin consent was granted.", e);
            }
        }

        /// <summary>
        /// The error to show for a failure of this connection's calls: GraphUnreachable naming the endpoint when Graph
        /// could not be reached at all; otherwise the failure itself.
        /// </summary>
        public Exception Explain(Exception failure) => GraphFailures.Unreachable(failure, Options.GraphEndpoint) ?? failure;

        private static MeetingMigrationException Invalid(string message, object? target) =>
            new MeetingMigrationException(ErrorIds.InvalidConnectionParameters, ErrorKind.InvalidArgument, message, target,
                "See Get-Help Connect-MeetingMigration for the parameter sets.");

        public void Dispose() => _http.Dispose();
    }
}
