using MeetingMigration.Engine.Store;

namespace MeetingMigration.Service;

/// <summary>
/// Builds the service's host: settings from appsettings.json, environment variables (MeetingMigration__*) and the command
/// line, then <paramref name="configure"/>; the store, the Graph connection, the queue worker, the license trigger and the scheduled reconciliation.
/// Program.cs runs it; tests build several in one process against one store.
/// </summary>
public static class ServiceHost
{
    public const string SectionName = "MeetingMigration";

    public static IHost Build(string[] args, Action<ServiceSettings>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var settings = builder.Configuration.GetSection(SectionName).Get<ServiceSettings>() ?? new ServiceSettings();
        configure?.Invoke(settings);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IMigrationStore>(_ => SqliteMigrationStore.Open(StorePath(settings)));
        builder.Services.AddSingleton<ServiceConnection>();
        builder.Services.AddHostedService<QueueWorker>();
        builder.Services.AddHostedService<TriggerWatcher>();
        builder.Services.AddHostedService<ReconciliationWatcher>();
        return builder.Build();
    }

    /// <summary>StorePath, else MEETINGMIGRATION_STORE_PATH (as the cmdlets read it), else the cmdlets' default store.</summary>
    public static string StorePath(ServiceSettings settings) =>
        !string.IsNullOrWhiteSpace(settings.StorePath) ? settings.StorePath
        : Environment.GetEnvironmentVariable("MEETINGMIGRATION_STORE_PATH") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : SqliteMigrationStore.DefaultPath;
}
