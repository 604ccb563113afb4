namespace MeetingMigration.Service.Configuration;

/// <summary>
/// A setting the service cannot run with. Thrown while the host is built, before anything starts, and reported by
/// <see cref="ServiceHost.RunAsync"/> as one line with exit code <see cref="ServiceExitCodes.Configuration"/>: a stack
/// trace tells an admin nothing a wrong password needs. The message names the setting and what to do; never a secret's value.
/// </summary>
public sealed class ServiceConfigurationException : Exception
{
    /// <param name="setting">The setting's name as in appsettings.json; null when the problem cannot be pinned on one.</param>
    public ServiceConfigurationException(string? setting, string problem, string action, Exception? inner = null)
        : base(setting == null ? $"{Sentences.Ended(problem)} {action}" : $"{ServiceHost.SectionName}__{setting}: {Sentences.Ended(problem)} {action}", inner)
    {
        Setting = setting;
    }

    /// <summary>The setting's name (CertificatePassword, GraphEndpoint...), as in appsettings.json.</summary>
    public string? Setting { get; }
}
