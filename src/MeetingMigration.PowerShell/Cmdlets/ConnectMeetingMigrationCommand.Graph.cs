using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
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
        public string? TenantId { get; set; }

        /// <summary>The application (client) id of your own app registration.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public string? ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        public string? CertificateThumbprint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
        public string? CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificateFileSet)]
        public SecureString? CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Delegated sign-in: reaches only the mailboxes the signed-in admin can open.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public SwitchParameter DeviceCode { get; set; }

        /// <summary>A bearer token obtained elsewhere (scripts, tests, the sandbox).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        public SecureString? AccessToken { get; set; }

        /// <summary>Default https://graph.microsoft.com/v1.0; the sandbox's URL in tests and demos.</summary>
        [Parameter(ParameterSetName = SecretSet)]
        [Parameter(ParameterSetName = ThumbprintSet)]
        [Parameter(ParameterSetName = CertificateFileSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
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
                    options.AccessToken = Plain(AccessToken);
                    break;
                case SecretSet:
                    options.Mode = GraphAuthenticationMode.ClientSecret;
                    options.ClientSecret = Plain(ClientSecret);
                    break;
                case ThumbprintSet:
                    options.Mode = GraphAuthenticationMode.Certificate;
                    options.Certificate = FromStore(CertificateThumbprint!);
                    break;
                case CertificateFileSet:
                    options.Mode = GraphAuthenticationMode.Certificate;
                    options.Certificate = FromFile(GetUnresolvedProviderPathFromPSPath(CertificatePath), CertificatePassword);
                    break;
                default:
                    options.Mode = GraphAuthenticationMode.DeviceCode;
                    break;
            }
            var connection = Terminating(() => GraphConnection.Create(options), GraphEndpoint);
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
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
                if (found.Count > 0) return found[0];
            }
            ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidConnectionParameters, ErrorKind.ObjectNotFound,
                $"No certificate with thumbprint '{thumbprint}' is in the CurrentUser or LocalMachine 'My' store.", thumbprint,
                "Import the certificate with its private key, or use -CertificatePath with a PFX file."));
            throw new InvalidOperationException(); // not reached
        }

        private X509Certificate2 FromFile(string path, SecureString? password)
        {
            try
            {
                return new X509Certificate2(File.ReadAllBytes(path), password, X509KeyStorageFlags.DefaultKeySet);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException || e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidConnectionParameters, ErrorKind.InvalidArgument,
                    $"The certificate file '{path}' cannot be read: {e.Message}", path,
                    "Give a PFX file with the private key, and its password with -CertificatePassword."));
                throw; // not reached
            }
        }

        /// <summary>The secret leaves its SecureString only here, for MSAL or the bearer header; it is never written anywhere.</summary>
        private static string Plain(SecureString? secure)
        {
            if (secure == null) return "";
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? "";
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
