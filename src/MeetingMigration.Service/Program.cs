using MeetingMigration.Engine.Store;
using MeetingMigration.Service;

// dotnet run --project src/MeetingMigration.Service
// Settings: appsettings.json, then environment variables (MeetingMigration__TenantId=..., MeetingMigration__ClientSecret=...).
var builder = Host.CreateApplicationBuilder(args);
var settings = builder.Configuration.GetSection("MeetingMigration").Get<ServiceSettings>() ?? new ServiceSettings();
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<IMigrationStore>(_ =>
{
    var path = !string.IsNullOrWhiteSpace(settings.StorePath) ? settings.StorePath
        : Environment.GetEnvironmentVariable("MEETINGMIGRATION_STORE_PATH") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : SqliteMigrationStore.DefaultPath;
    return SqliteMigrationStore.Open(path);
});
builder.Services.AddSingleton<ServiceConnection>();
builder.Services.AddHostedService<QueueWorker>();
await builder.Build().RunAsync();
