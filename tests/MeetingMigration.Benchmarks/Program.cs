using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks;

// On-demand benchmarks, not part of the test run. Each subcommand measures one component and writes
// its report under docs/benchmarks/. Add a subcommand (e.g. "engine") by adding a case here.
//
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- sandbox [--seconds 10] [--warmup 10] [--connections 16] [--meetings 100000]
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- engine [--quick] [--only memory,window,rate] [--memory-meetings 10000,100000] [--rate-meetings N] [--naive-seconds S] [--verbose]
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- scale [--mailboxes 1,4,16,64,256] [--meetings-per-user 50] [--latency 100] [--jitter 20]
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- store-growth [--mailboxes 64] [--meetings-per-user 50] [--rounds 100] [--latency 20] [--reload-calendars] [--service]
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- workers [--workers 1,2,4] [--mailboxes 400] [--meetings-per-user 20] [--latency 100] [--parallel 64] [--postgres <connection string>] [--keep-schemas] [--inject-duplicate] [--timeout-minutes M]
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- sandbox-floor [--in-flight 4,16,64,256] [--seconds 15] [--latency 100] [--references kestrel,sockets|none]
//   (floor-reference-server is not for people: sandbox-floor starts its reference servers with it, as child processes)
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- sandbox-handlers [--mailboxes 16] [--meetings-per-user 50] [--rounds 10] [--patches 400]   (prints; writes no report)
//   dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- cmdlets [--users 10000] [--get-repeats 200] [--stores sqlite,postgresql] [--postgres <connection string>] [--baseline <module folder>] [--baseline-label L] [--baseline-users N]
//   Every one that writes a report also takes --output <file> (default: its page under docs/benchmarks/); an option not
//   listed for a benchmark is refused, as is a report path that cannot be written, before anything runs (exit 2).

InterruptCleanup.HandleSignals();
return await RunAsync(args);

static async Task<int> RunAsync(string[] args)
{
    const string Usage = "usage: MeetingMigration.Benchmarks <sandbox|sandbox-floor|sandbox-handlers|engine|scale|store-growth|workers|cmdlets> [options]; " +
                         "the options of each are at the top of tests/MeetingMigration.Benchmarks/Program.cs and in docs/performance.md. " +
                         "Exit codes: 0 every target met (or none judged), 1 the report was written and a target was missed, 2 refused before anything ran.";
    if (args.Length == 0)
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
    if (args[0] is "help" || args.Any(a => a is "--help" or "-h" or "-?"))
    {
        Console.WriteLine(Usage);
        return 0;
    }
    try
    {
        if (KnownOptions(args[0]) is not { } known)
        {
            Console.Error.WriteLine($"error: unknown benchmark '{args[0]}'; known: sandbox, sandbox-floor, sandbox-handlers, engine, scale, store-growth, workers, cmdlets (--help says more).");
            return 2;
        }
        return await RunOneAsync(args[0], BenchmarkArguments.Parse(args[0], args[1..], known));
    }
    catch (BenchmarkArgumentException e)
    {
        // Refused before anything was measured or written.
        Console.Error.WriteLine($"error: {e.Message}");
        return 2;
    }
    catch (BenchmarkSetupException e)
    {
        // Something the run needs is missing (found before the first measurement; no report is written).
        Console.Error.WriteLine($"error: {e.Message}");
        return 2;
    }
    catch (Exception) when (InterruptCleanup.Interrupted)
    {
        // Ctrl+C or a signal stopped the sandbox or the database under the run; the handler ends the process.
        InterruptCleanup.WaitForExit();
        return 130;
    }
}

// The options each benchmark reads (the usage lines above); any other is refused before anything runs.
static string[]? KnownOptions(string benchmark) => benchmark switch
{
    "sandbox" => ["seconds", "warmup", "connections", "meetings", "output"],
    "sandbox-floor" => ["in-flight", "seconds", "latency", "references", "output"],
    "floor-reference-server" => ["kind", "port", "latency"],
    "sandbox-handlers" => ["mailboxes", "meetings-per-user", "rounds", "patches"],
    "engine" => ["quick", "only", "memory-meetings", "rate-meetings", "naive-seconds", "verbose", "output"],
    "scale" => ["mailboxes", "meetings-per-user", "latency", "jitter", "no-stages", "no-first-update", "output"],
    "store-growth" => ["mailboxes", "meetings-per-user", "rounds", "latency", "reload-calendars", "service", "output"],
    "workers" => ["workers", "mailboxes", "meetings-per-user", "latency", "parallel", "postgres", "keep-schemas", "inject-duplicate", "timeout-minutes", "output"],
    "cmdlets" => ["users", "get-repeats", "baseline", "baseline-label", "baseline-users", "stores", "postgres", "output"],
    _ => null,
};

static async Task<int> RunOneAsync(string benchmark, BenchmarkArguments options)
{
    switch (benchmark)
    {
        case "sandbox":
            return await SandboxBenchmark.RunAsync(options);
        case "sandbox-floor":
            return await SandboxFloorBenchmark.RunAsync(options);
        case "floor-reference-server":
            return await FloorReferenceServer.RunAsync(options);
        case "sandbox-handlers":
            return await SandboxHandlersBenchmark.RunAsync(options);
        case "engine":
            return await EngineBenchmark.RunAsync(options);
        case "scale":
            return await ScaleBenchmark.RunAsync(options);
        case "store-growth":
            return await StoreGrowthBenchmark.RunAsync(options);
        case "workers":
            return await WorkersBenchmark.RunAsync(options);
        case "cmdlets":
            return await CmdletBenchmark.RunAsync(options);
        default:
            throw new System.Diagnostics.UnreachableException($"benchmark '{benchmark}' has known options but no case here");
    }
}
