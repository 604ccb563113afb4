using System;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;

// dotnet run --project src/MeetingMigration.Sandbox -- --urls http://127.0.0.1:5080 [--tenant-file tenant.json] [--required-token T]
//   [--fault-seed N]. Serves Graph at {url}/v1.0 until Ctrl+C.
return await SandboxProgram.RunAsync(args);

internal static class SandboxProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SandboxOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--urls":
                    var url = new Uri(Next().Split(';')[0]);
                    if (url.Host is not ("127.0.0.1" or "localhost")) throw new ArgumentException("The sandbox listens on 127.0.0.1 only.");
                    options.Port = url.Port;
                    break;
                case "--port": options.Port = int.Parse(Next()); break;
                case "--tenant-file": options.TenantFile = Next(); break;
                case "--required-token": options.RequiredToken = Next(); break;
                case "--fault-seed": options.Faults = options.Faults with { Seed = int.Parse(Next()) }; break;
                case "--verbose": options.LogLevel = Microsoft.Extensions.Logging.LogLevel.Information; break;
                case "-h" or "--help":
                    Console.WriteLine("MeetingMigration.Sandbox [--urls http://127.0.0.1:5080] [--tenant-file path] [--required-token token] [--fault-seed n] [--verbose]");
                    return 0;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Try --help.");
            }
        }
        if (options.Port == 0) options.Port = 5080;

        await using var server = await SandboxServer.StartAsync(options);
        Console.WriteLine($"Sandbox Graph at {server.GraphBaseUrl} ({server.State.Users.Count} users, {server.State.EventCount} events). Ctrl+C stops.");
        // The host's console lifetime turns Ctrl+C and SIGTERM into a shutdown.
        await server.WaitForShutdownAsync();
        return 0;
    }
}
