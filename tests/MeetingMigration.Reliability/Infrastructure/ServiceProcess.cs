namespace MeetingMigration.Reliability.Infrastructure;

/// <summary>
/// The built service (src/MeetingMigration.Service) as systemd would run it: `dotnet MeetingMigration.Service.dll`,
/// configured only by MeetingMigration__* environment variables, its working directory its own folder.
/// </summary>
public static class ServiceProcess
{
    public static ChildProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var dll = RepositoryPaths.ServiceDll();
        var environment = settings.ToDictionary(s => $"MeetingMigration__{s.Key}", s => s.Value);
        // Warnings and errors only: a long run's information lines are noise, and the output is kept in memory.
        environment["Logging__LogLevel__Default"] = "Warning";
        return ChildProcess.Start(name, DotnetHost.Path, new[] { dll }, environment, Path.GetDirectoryName(dll));
    }

    /// <summary>Settings for a service working against the sandbox: short leases so a killed worker's request is resumed within seconds.</summary>
    public static Dictionary<string, string> SandboxSettings(string storePath, string graphUrl, int maxParallelRequests, int leaseSeconds) => new()
    {
        ["StorePath"] = storePath,
        ["GraphEndpoint"] = graphUrl,
        ["AccessToken"] = "reliability-service",
        ["MaxParallelRequests"] = maxParallelRequests.ToString(),
        ["LeaseSeconds"] = leaseSeconds.ToString(),
        ["PollSeconds"] = "0.2",
        // The license trigger reads the directory; these proofs queue by hand.
        ["TriggerPollSeconds"] = "0",
    };

    /// <summary>
    /// The service signing in as an app registration would, with a client secret, at the sandbox's token endpoint
    /// (AuthorityHost on loopback) instead of a fixed token, so it can be handed tokens that expire.
    /// </summary>
    public static Dictionary<string, string> SigningIn(Dictionary<string, string> settings, Uri sandboxRoot, string tenantId, string clientId, string clientSecret)
    {
        settings.Remove("AccessToken");
        settings["AuthorityHost"] = sandboxRoot.GetLeftPart(UriPartial.Authority);
        settings["TenantId"] = tenantId;
        settings["ClientId"] = clientId;
        settings["ClientSecret"] = clientSecret;
        return settings;
    }
}
