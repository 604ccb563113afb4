namespace MeetingMigration.Service.Configuration;

/// <summary>
/// The service's exit codes, for systemd (RestartPreventExitStatus=2) and the Windows service manager: a configuration
/// error will not go away by restarting, anything else might.
/// </summary>
public static class ServiceExitCodes
{
    /// <summary>Stopped normally (SIGTERM, Ctrl+C, the service manager).</summary>
    public const int Stopped = 0;
    /// <summary>An unexpected failure; the line on stderr has the details.</summary>
    public const int Failed = 1;
    /// <summary>A setting is wrong or missing; the line on stderr names it and what to do.</summary>
    public const int Configuration = 2;
}
