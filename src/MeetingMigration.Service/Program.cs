using MeetingMigration.Service;

// dotnet run --project src/MeetingMigration.Service
// Settings: appsettings.json, then environment variables (MeetingMigration__TenantId=..., MeetingMigration__ClientSecret=...),
// then the command line (--MeetingMigration:TriggerPollSeconds=60). See docs/service.md.
await ServiceHost.Build(args).RunAsync();
