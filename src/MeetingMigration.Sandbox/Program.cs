using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;

// dotnet run --project src/MeetingMigration.Sandbox -- [options]; serves Graph at {url}/v1.0 until Ctrl+C or SIGTERM.
return await SandboxProgram.RunAsync(args);

internal static class SandboxProgram
{
    private const string Usage =
        "MeetingMigration.Sandbox [--urls http://127.0.0.1:5080 | --port N (0: a free port)] [--tenant-file path]\n" +
        "  [--generate-users N [--meetings-per-user M] [--seed S] [--export-dir folder]] [--ready-file path]\n" +
        "  [--exit-with-process pid] [--required-token token] [--fault-seed n] [--verbose]\n" +
        "  [--check-tokens [--token-lifetime seconds] [--token-max-requests n]]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SandboxOptions { Port = 5080 };
        int? generateUsers = null, meetingsPerUser = null, seed = null, parentProcess = null;
        string? exportDir = null, readyFile = null;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--urls":
                        var urlText = Next().Split(';')[0];
                        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme != "http")
                            throw new ArgumentException($"--urls takes an address such as http://127.0.0.1:5080, not '{urlText}'.");
                        if (url.Host is not ("127.0.0.1" or "localhost")) throw new ArgumentException("The sandbox listens on 127.0.0.1 only.");
                        options.Port = url.Port;
                        break;
                    case "--port": options.Port = Number(Next(), "--port", min: 0, max: 65535); break;
                    case "--tenant-file":
                        options.TenantFile = Next();
                        if (!File.Exists(options.TenantFile)) throw new ArgumentException($"--tenant-file '{options.TenantFile}': no such file.");
                        break;
                    case "--generate-users": generateUsers = Number(Next(), "--generate-users", min: 1); break;
                    case "--meetings-per-user": meetingsPerUser = Number(Next(), "--meetings-per-user", min: 1); break;
                    case "--seed": seed = Number(Next(), "--seed", min: 0); break;
                    case "--export-dir": exportDir = Next(); break;
                    case "--ready-file": readyFile = Next(); break;
                    case "--exit-with-process": parentProcess = Number(Next(), "--exit-with-process", min: 1); break;
                    case "--required-token": options.RequiredToken = Next(); break;
                    case "--fault-seed": options.Faults = options.Faults with { Seed = Number(Next(), "--fault-seed", min: 0) }; break;
                    case "--check-tokens": options.Tokens = options.Tokens with { CheckTokens = true }; break;
                    case "--token-lifetime": options.Tokens = options.Tokens with { LifetimeSeconds = Number(Next(), "--token-lifetime", min: 1) }; break;
                    case "--token-max-requests": options.Tokens = options.Tokens with { MaxRequestsPerToken = Number(Next(), "--token-max-requests", min: 0) }; break;
                    case "--verbose": options.LogLevel = Microsoft.Extensions.Logging.LogLevel.Information; break;
                    case "-h" or "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }
            if (generateUsers == null && (meetingsPerUser != null || seed != null || exportDir != null))
                throw new ArgumentException("--meetings-per-user, --seed and --export-dir describe a generated tenant: add --generate-users N.");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        SandboxServer server;
        try
        {
            server = await SandboxServer.StartAsync(options);
        }
        catch (Exception e) when (e is IOException or JsonException or ArgumentException or FormatException or InvalidDataException)
        {
            // A tenant file it cannot read, or a port already taken: said in one line, not as a crash.
            // One line: a JSON error quotes the file's first bytes, line breaks included.
            Console.Error.WriteLine($"error: the sandbox could not start: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        await using var started = server;
        if (generateUsers is int users)
        {
            var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
            {
                Users = users,
                MeetingsPerUser = meetingsPerUser ?? 12,
                Seed = seed ?? 1,
                Now = DateTimeOffset.UtcNow,
            });
            await new InProcessSandboxSeeder(server.State).SeedAsync(tenant);
            if (exportDir != null) TenantExport.Write(tenant, exportDir);
        }
        Console.WriteLine($"Sandbox Graph at {server.GraphBaseUrl} ({server.State.Users.Count} users, {server.State.EventCount} events). Ctrl+C stops.");
        // Written last, and renamed into place, so whoever waits for it sees a seeded, listening sandbox or nothing.
        if (readyFile != null) WriteReadyFile(readyFile, server);

        using var stopping = new CancellationTokenSource();
        if (parentProcess is int pid) _ = StopWhenProcessExitsAsync(pid, server, stopping.Token);
        // The host's console lifetime turns Ctrl+C and SIGTERM into a shutdown.
        await server.WaitForShutdownAsync();
        stopping.Cancel();
        return 0;
    }

    private static int Number(string text, string option, int min, int max = int.MaxValue) =>
        int.TryParse(text, out var value) && value >= min && value <= max ? value
            : throw new ArgumentException(max == int.MaxValue
                ? $"{option} takes a whole number of at least {min}, not '{text}'."
                : $"{option} takes a whole number from {min} to {max}, not '{text}'.");

    private static void WriteReadyFile(string path, SandboxServer server)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new
        {
            graphUrl = server.GraphBaseUrl.ToString(),
            rootUrl = server.RootUrl.ToString(),
            processId = Environment.ProcessId,
        }));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// A sandbox started by a script must not outlive it, even when the script is killed before its cleanup runs: it stops
    /// itself once the process that started it is gone.
    /// </summary>
    private static async Task StopWhenProcessExitsAsync(int processId, SandboxServer server, CancellationToken cancellationToken)
    {
        try
        {
            await ParentProcessWatch.WhenGoneAsync(processId, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await server.StopAsync();
    }
}
