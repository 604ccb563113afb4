using System;
using System.Security.Cryptography.X509Certificates;

namespace MeetingMigration.Engine.Auth
{
    public enum GraphAuthenticationMode { AccessToken, ClientSecret, Certificate, DeviceCode }

    /// <summary>How to reach Exchange Online through Graph. Secrets are held only as long as the connection lives.</summary>
    public sealed class GraphConnectionOptions
    {
        public const string DefaultGraphEndpoint = "https://graph.microsoft.com/v1.0";
        public const string DefaultAuthorityHost = "https://login.microsoftonline.com";

        public string TenantId { get; set; } = "";
        /// <summary>The customer's own app registration; MeetingMigration ships no shared app.</summary>
        public string? ClientId { get; set; }
        public string GraphEndpoint { get; set; } = DefaultGraphEndpoint;
        /// <summary>
        /// Where sign-ins go: Microsoft Entra ID's host (a national cloud's, such as https://login.microsoftonline.us), the
        /// tenant is appended. Plain http is allowed for this machine only, the sandbox's token endpoint, which takes a
        /// client secret (no MSAL there; see <see cref="LoopbackClientCredentials"/>).
        /// </summary>
        public string AuthorityHost { get; set; } = DefaultAuthorityHost;
        public GraphAuthenticationMode Mode { get; set; }
        public string? AccessToken { get; set; }
        public string? ClientSecret { get; set; }
        public X509Certificate2? Certificate { get; set; }
        /// <summary>Shows the device-code sign-in message to the user.</summary>
        public Action<string>? DeviceCodeMessage { get; set; }
        /// <summary>Parallel requests across all mailboxes.</summary>
        public int GlobalConcurrency { get; set; } = 64;

        public Uri GraphUri => new Uri(GraphEndpoint.TrimEnd('/'));

        /// <summary>How long one Graph call may go unanswered before it counts as a timeout (transient: retried, a PATCH read back).</summary>
        internal TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(100);
    }
}
