using MeetingMigration.Reliability.Report;
using MeetingMigration.Reliability.Scenarios;

// Issue 10's reliability proofs, each against the real processes (service, sandbox, module in pwsh). A full run writes
// its row of docs/reliability.md; --quick runs the small version the test suite runs (tests/MeetingMigration.Reliability.Tests).
//
//   dotnet run -c Release --project tests/MeetingMigration.Reliability -- crash        [--quick] [--postgres [conn]]   200 users × 10 meetings, 50 SIGKILLs
//   dotnet run -c Release --project tests/MeetingMigration.Reliability -- faults       [--quick] [--postgres [conn]]   20% 429/503/504, 504 after apply, latency spikes, token expiry
//   dotnet run -c Release --project tests/MeetingMigration.Reliability -- undo         [--quick] [--postgres [conn]]   100 users × 10 meetings migrated, occurrences moved, undone through 30 SIGKILLs
//   dotnet run -c Release --project tests/MeetingMigration.Reliability -- concurrency  [--quick]   8 pwsh sessions + 2 services, 2 minutes

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: MeetingMigration.Reliability <crash|faults|undo|concurrency> [--quick]");
    return 2;
}
if (args[0] is not ("crash" or "faults" or "undo" or "concurrency"))
{
    Console.Error.WriteLine($"unknown proof '{args[0]}'; known: crash, faults, undo, concurrency");
    return 2;
}
if (UnknownOption(args) is { } unknown)
{
    // Refused before anything starts: a misspelt option would otherwise run the full proof without it.
    Console.Error.WriteLine($"error: unknown option '{unknown}' for {args[0]}; known: --quick{(TakesPostgres(args[0]) ? ", --postgres [connection string]" : "")}.");
    return 2;
}
var quick = args.Contains("--quick");
var log = Console.Out;
ProofResult result;
string? postgres;
try
{
    postgres = PostgresArgument(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
// Ctrl+C, SIGTERM or SIGHUP stop the sandbox and services a proof started, delete its folder, and end the run.
InterruptCleanup.HandleSignals();
try
{
    switch (args[0])
    {
        case "crash":
            // --postgres: the same proof on a PostgreSQL store (a connection string after it, else MEETINGMIGRATION_TEST_POSTGRES).
            result = await CrashScenario.RunAsync((quick ? CrashScenario.Options.Quick : CrashScenario.Options.Full) with { Postgres = postgres }, log);
            break;
        case "faults":
            result = await FaultScenario.RunAsync((quick ? FaultScenario.Options.Quick : FaultScenario.Options.Full) with { Postgres = postgres }, log);
            break;
        case "undo":
            result = await UndoScenario.RunAsync((quick ? UndoScenario.Options.Quick : UndoScenario.Options.Full) with { Postgres = postgres }, log);
            break;
        case "concurrency":
            result = await ConcurrencyScenario.RunAsync(quick ? ConcurrencyScenario.Options.Quick : ConcurrencyScenario.Options.Full, log);
            break;
        default:
            throw new System.Diagnostics.UnreachableException($"proof '{args[0]}' passed the check above");
    }
}
catch (Exception) when (InterruptCleanup.Interrupted)
{
    // The signal stopped the processes under the proof; its handler ends this process.
    InterruptCleanup.WaitForExit();
    return 130;
}
Console.WriteLine(result);
// A proof that ended because it was interrupted proves nothing: its row of the report stays as it was.
if (!quick && !InterruptCleanup.Interrupted)
{
    ReliabilityReport.Write(result);
    Console.WriteLine($"written to {ReliabilityReport.Path}");
}
return result.Passed ? 0 : 1;

// The first argument that is not an option of the proof named first (a connection string after --postgres is its value).
static string? UnknownOption(string[] args)
{
    var takesPostgres = TakesPostgres(args[0]);
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--quick") continue;
        if (takesPostgres && args[i] == "--postgres")
        {
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
            continue;
        }
        return args[i];
    }
    return null;
}

static bool TakesPostgres(string proof) => proof is "crash" or "faults" or "undo";

static string? PostgresArgument(string[] args)
{
    var at = Array.IndexOf(args, "--postgres");
    if (at < 0) return null;
    var given = at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : Environment.GetEnvironmentVariable("MEETINGMIGRATION_TEST_POSTGRES");
    return string.IsNullOrWhiteSpace(given)
        ? throw new ArgumentException("--postgres needs a connection string after it, or MEETINGMIGRATION_TEST_POSTGRES (.ci/postgres.sh starts a server).")
        : given;
}
