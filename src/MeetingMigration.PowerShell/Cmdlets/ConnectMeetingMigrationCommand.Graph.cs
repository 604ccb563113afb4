using System;
using System.IO;
using System.Management.Automation;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Errors;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>The Graph half of Connect-MeetingMigration: one parameter set per way of signing in.</summary>
    [Cmdlet(VerbsCommunications.Connect, "MeetingMigration", DefaultParameterSetName = StoreOnlySet)]
    public sealed partial class ConnectMeetingMigrationCommand
    {
        private const string StoreOnlySet = "StoreOnly";
        private const string AccessTokenSet = "AccessToken";
        private const string SecretSet = "ClientSecret";
        private const string ThumbprintSet = "CertificateThumbprint";
        private const string CertificateFileSet = "CertificatePath";
        private const string DeviceCodeSet = "DeviceCode";

        /// <summary>The tenant id (GUID) or primary domain.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        [OneValue]
        public string? TenantId { get; set; }

        /// <summary>The application (client) id of your own app registration.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        [OneValue]
        public string? ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [OneValue]
        public string? CertificateThumbprint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
        [OneValue]
        public string? CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificateFileSet)]
        [OneValue(Secret = true)]
        public SecureString? CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [OneValue(Secret = true)]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Delegated sign-in: reaches only the mailboxes the signed-in admin can open.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public SwitchParameter DeviceCode { get; set; }

        /// <summary>A bearer token obtained elsewhere (scripts, tests, the sandbox).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [OneValue(Secret = true)]
        public SecureString? AccessToken { get; set; }

        /// <summary>Default https://graph.microsoft.com/v1.0; the sandbox's URL in tests and demos.</summary>
        [Parameter(ParameterSetName = SecretSet)]
        [Parameter(ParameterSetName = ThumbprintSet)]
        [Parameter(ParameterSetName = CertificateFileSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        [OneValue]
        public string GraphEndpoint { get; set; } = GraphConnectionOptions.DefaultGraphEndpoint;

        private volatile bool _signingIn;

        partial void ConnectGraph()
        {
            if (ParameterSetName == StoreOnlySet) return;
            var options = new GraphConnectionOptions
            {
                TenantId = TenantId ?? "",
                ClientId = ClientId,
                GraphEndpoint = GraphEndpoint,
                // The sign-in message is written on the pipeline thread while Connect signs in; a later re-prompt (token
                // cache expired in a long session) goes to the console's error stream, which any thread may write to.
                DeviceCodeMessage = message =>
                {
                    if (_signingIn) Post(() => WriteWarning(message));
                    else Console.Error.WriteLine(message);
                },
            };
            switch (ParameterSetName)
            {
                case AccessTokenSet:
                    options.Mode = GraphAuthenticationMode.AccessToken;
                    options.AccessToken = SecureText.Plain(AccessToken) ?? "";
                    break;
                case SecretSet:
                    options.Mode = GraphAuthenticationMode.ClientSecret;
                    options.ClientSecret = SecureText.Plain(ClientSecret) ?? "";
                    break;
                case ThumbprintSet:
                    options.Mode = GraphAuthenticationMode.Certificate;
                    options.Certificate = FromStore(CertificateThumbprint!);
                    break;
                case CertificateFileSet:
                    options.Mode = GraphAuthenticationMode.Certificate;
                    options.Certificate = FromFile(CertificatePath!, CertificatePassword);
                    break;
                default:
                    options.Mode = GraphAuthenticationMode.DeviceCode;
                    break;
            }
            var connection = Terminating(() => GraphConnection.Create(options, PipelineLogger.Instance), GraphEndpoint);
            _signingIn = true;
            try
            {
                Terminating(async token => { await connection.SignInAsync(token).ConfigureAwait(false); return true; }, TenantId ?? GraphEndpoint);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
            finally
            {
                _signingIn = false;
            }
            _graph = connection;
            WriteVerbose($"Signed in to {options.GraphEndpoint} ({options.Mode}).");
        }

        private X509Certificate2 FromStore(string thumbprint)
        {
            // Windows shows thumbprints with spaces (certlm.msc) and sometimes an invisible U+200E in front when copied.
            var hex = thumbprint.Replace(" ", "").Replace("\u200E", "");
            if (hex.Length != 40 || !hex.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidConnectionParameters, ErrorKind.InvalidArgument,
                    $"CertificateThumbprint {QuotedValue.Of(thumbprint)} is not a certificate thumbprint (40 hexadecimal digits).", thumbprint,
                    "Copy the thumbprint from Get-ChildItem Cert:\\CurrentUser\\My, or use -CertificatePath with a PFX file."));
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, hex, validOnly: false);
                    if (found.Count > 0) return found[0];
                }
                catch (CryptographicException)
                {
                    // A store this platform does not have (LocalMachine\My on Linux and macOS) holds no certificate.
                }
            }
            ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidConnectionParameters, ErrorKind.ObjectNotFound,
                $"No certificate with thumbprint {QuotedValue.Of(thumbprint)} is in the CurrentUser or LocalMachine 'My' store.", thumbprint,
                "Import the certificate with its private key, or use -CertificatePath with a PFX file."));
            throw new InvalidOperationException(); // not reached
        }

        private X509Certificate2 FromFile(string typed, SecureString? password)
        {
            try
            {
                // A NUL or line break cannot be in a file name; refused here with the parameter's ErrorId, not the OS's text.
                if (typed.Trim().Length == 0 || QuotedValue.IndexOfEscaped(typed) >= 0)
                    throw new ArgumentException("it is blank or holds control characters");
                var path = GetUnresolvedProviderPathFromPSPath(typed);
                return new X509Certificate2(File.ReadAllBytes(path), password, X509KeyStorageFlags.DefaultKeySet);
            }
            catch (Exception e) when (e is CryptographicException || e is IOException || e is UnauthorizedAccessException
                                      || e is ArgumentException || e is NotSupportedException || e is ItemNotFoundException
                                      || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is PSInvalidOperationException)
            {
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidConnectionParameters, ErrorKind.InvalidArgument,
                    $"The certificate file {QuotedValue.Of(typed)} cannot be read: {QuotedValue.Inert(e.Message, 160)}", typed,
                    "Give a PFX file with the private key, and its password with -CertificatePassword."));
                throw; // not reached
            }
        }
    }
}
