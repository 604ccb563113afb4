using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Triggers;
using MeetingMigration.Service.Configuration;

namespace MeetingMigration.Service;

/// <summary>
/// The service's Graph connection, built once from its settings. A setting it cannot connect with (a certificate that
/// does not open, a value the engine refuses) is a <see cref="ServiceConfigurationException"/>.
/// </summary>
public sealed class ServiceConnection : IDisposable
{
    private readonly GraphConnection _connection;

    public ServiceConnection(ServiceSettings settings, ILogger<ServiceConnection> logger)
    {
        var options = new GraphConnectionOptions
        {
            TenantId = settings.TenantId,
            ClientId = settings.ClientId,
            GraphEndpoint = settings.GraphEndpoint,
            AuthorityHost = settings.AuthorityHost,
            GlobalConcurrency = settings.EffectiveMaxRequestsInFlight,
        };
        if (!string.IsNullOrEmpty(settings.AccessToken))
        {
            options.Mode = GraphAuthenticationMode.AccessToken;
            options.AccessToken = settings.AccessToken;
        }
        else if (!string.IsNullOrEmpty(settings.CertificatePath))
        {
            options.Mode = GraphAuthenticationMode.Certificate;
            options.Certificate = LoadCertificate(settings.CertificatePath!, settings.CertificatePassword);
        }
        else
        {
            options.Mode = GraphAuthenticationMode.ClientSecret;
            options.ClientSecret = settings.ClientSecret;
        }
        try
        {
            _connection = GraphConnection.Create(options, logger);
        }
        catch (MeetingMigrationException e) when (e.ErrorId == ErrorIds.InvalidConnectionParameters)
        {
            // The settings check catches what it knows first; this is the engine's last word (a token with a line break...),
            // whose messages never contain a secret.
            throw new ServiceConfigurationException(null, e.Message, "Correct the setting it names; see docs/service.md, Settings.", e);
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        const string action = "Set it to the PFX (PKCS#12) file of the app registration's certificate, readable by the service's account.";
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            // A wrong password and a file that is no PFX look alike from here; say both, and never the password.
            throw new ServiceConfigurationException("CertificatePassword",
                $"the certificate '{path}' could not be opened: the password is wrong, or the file is not a PFX (PKCS#12) file.",
                $"Set {ServiceHost.SectionName}__CertificatePassword to the PFX's password (empty if it has none), or CertificatePath to the right file.", e);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new ServiceConfigurationException("CertificatePath", $"the certificate '{path}' cannot be read ({e.GetType().Name}).", action, e);
        }
    }

    public IMailboxGateway Gateway => _connection.Gateway;

    /// <summary>users/delta over the same authenticated client (needs User.Read.All as an application permission).</summary>
    public IDirectoryDeltaReader DirectoryDelta => new GraphDirectoryDeltaReader(_connection.Client);

    public void Dispose() => _connection.Dispose();
}
