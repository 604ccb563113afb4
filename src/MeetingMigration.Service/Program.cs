using MeetingMigration.Service;

// dotnet run --project src/MeetingMigration.Service
// Settings: appsettings.json, then environment variables (MeetingMigration__TenantId=..., MeetingMigration__ClientSecret=...),
// then the command line (--MeetingMigration:TriggerPollSeconds=60). See docs/service.md.
// Exit codes (docs/service.md): 0 stopped, 2 a setting is wrong (one line on stderr says which), 1 anything else.
return await ServiceHost.RunAsync(args, Console.Error);
