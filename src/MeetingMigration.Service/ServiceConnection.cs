using System.Security.Cryptography.X509Certificates;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.Service;

/// <summary>The service's Graph connection, built once from its settings.</summary>
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
        };
        if (!string.IsNullOrEmpty(settings.AccessToken))
        {
            options.Mode = GraphAuthenticationMode.AccessToken;
            options.AccessToken = settings.AccessToken;
        }
        else if (!string.IsNullOrEmpty(settings.CertificatePath))
        {
            options.Mode = GraphAuthenticationMode.Certificate;
            options.Certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
        }
        else
        {
            options.Mode = GraphAuthenticationMode.ClientSecret;
            options.ClientSecret = settings.ClientSecret;
        }
        _connection = GraphConnection.Create(options, logger);
    }

    public IMailboxGateway Gateway => _connection.Gateway;

    /// <summary>users/delta over the same authenticated client (needs User.Read.All as an application permission).</summary>
    public IDirectoryDeltaReader DirectoryDelta => new GraphDirectoryDeltaReader(_connection.Client);

    public void Dispose() => _connection.Dispose();
}
