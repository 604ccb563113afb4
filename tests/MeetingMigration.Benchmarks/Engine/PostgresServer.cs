using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// The PostgreSQL server the workers benchmark runs on: one given by a connection string (--postgres or
/// MEETINGMIGRATION_TEST_POSTGRES), or a throwaway cluster started here as .ci/postgres.sh starts one (initdb into a temp
/// folder, 127.0.0.1 on a free port, as the postgres user when this process is root) and stopped and removed at the end.
/// Only a cluster started here is ever stopped, through its own data directory.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string TestServerVariable = "MEETINGMIGRATION_TEST_POSTGRES";

    private readonly string? _directory;
    private readonly string? _binDirectory;
    private readonly string[] _runAs;
    /// <summary>Stops the cluster if the benchmark is interrupted: pg_ctl starts it as a daemon, which would outlive it.</summary>
    private IDisposable? _stopAtInterrupt;

    private PostgresServer(string connectionString, string? password, string? directory, string? binDirectory, string[] runAs)
    {
        ConnectionString = connectionString;
        Password = password;
        _directory = directory;
        _binDirectory = binDirectory;
        _runAs = runAs;
    }

    /// <summary>Without the password, which travels apart (StorePassword) so it never appears in a command line or a report.</summary>
    public string ConnectionString { get; }
    public string? Password { get; }
    /// <summary>True for a cluster started here: its CPU is measurable (its processes are on this machine and known).</summary>
    public bool Owned => _directory != null;
    public string Describe { get; private set; } = "";

    public static async Task<PostgresServer> OpenAsync(string? given)
    {
        given ??= Environment.GetEnvironmentVariable(TestServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var server = given != null ? FromConnectionString(given) : await StartClusterAsync();
        try
        {
            await server.DescribeAsync(given != null ? "given server" : "throwaway cluster started for the run");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's connection string with its search path set to <paramref name="schema"/> (the store creates the schema).</summary>
    public string WithSchema(string schema) => new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;

    public async Task DropSchemaAsync(string schema)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema.Replace("\"", "\"\"")}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> ConnectAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (Password != null) builder.Password = Password;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static PostgresServer FromConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var password = string.IsNullOrEmpty(builder.Password) ? null : builder.Password;
        builder.Remove("Password");
        return new PostgresServer(builder.ConnectionString, password, null, null, Array.Empty<string>());
    }

    /// <summary>Version, where and the settings that shape commit cost, for the report (never the password).</summary>
    private async Task DescribeAsync(string origin)
    {
        await using var connection = await ConnectAsync();
        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "max_connections", "shared_buffers" })
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            settings.Add($"{name} {await command.ExecuteScalarAsync()}");
        }
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        Describe = $"{origin}, postgresql://{(string.IsNullOrEmpty(b.Username) ? "" : b.Username + "@")}{b.Host}:{b.Port}/{b.Database}: {string.Join(", ", settings)}";
    }

    private static async Task<PostgresServer> StartClusterAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin == null)
            throw new InvalidOperationException($"No PostgreSQL server: give one with --postgres <connection string> or {TestServerVariable}, or install Debian's postgresql package (as .ci/postgres.sh does).");
        var directory = Directory.CreateTempSubdirectory("mm-bench-postgres.").FullName;
        // initdb refuses root: the cluster then belongs to the image's postgres user, as in .ci/postgres.sh.
        var runAs = IsRoot() ? new[] { "runuser", "-u", "postgres", "--" } : Array.Empty<string>();
        if (runAs.Length > 0) await RunAsync(new[] { "chown", "postgres", directory }, "chown");
        int port = FreePort();
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", null, directory, bin, runAs);
        try
        {
            await RunAsync(runAs.Concat(new[] { Path.Combine(bin, "initdb"), "-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres" }).ToArray(), "initdb");
            // The server's own defaults otherwise (fsync on): a real deployment's commits, not a test suite's. Connections:
            // up to 4 services, each with its own pool (Npgsql allows 100 connections a pool), and this process.
            await RunAsync(runAs.Concat(new[]
            {
                Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=500", "start",
            }).ToArray(), "pg_ctl start");
            server._stopAtInterrupt = InterruptCleanup.Add(server.StopNow);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// CPU the cluster has used so far (user + system, seconds): the postmaster, its live children (one backend per
    /// connection, the writers) and the children it has already reaped (cutime/cstime). Null for a server not started here.
    /// </summary>
    public double? ProcessorSeconds()
    {
        if (_directory == null) return null;
        var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var postmaster)) return null;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) continue;
            var stat = ProcStat(pid);
            if (stat == null) continue;
            if (pid == postmaster) ticks += stat.Value.Own + stat.Value.Reaped;
            else if (stat.Value.Parent == postmaster) ticks += stat.Value.Own;
        }
        return ticks / (double)ClockTicksPerSecond;
    }

    /// <summary>/proc/PID/stat: parent, own CPU and reaped children's CPU, in clock ticks (null when the process is gone).</summary>
    private static (int Parent, long Own, long Reaped)? ProcStat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        if (f.Length < 15) return null;
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return ((int)L(4), L(14) + L(15), L(16) + L(17));
    }

    private static readonly long ClockTicksPerSecond = OperatingSystem.IsLinux() ? Math.Max(1, SysConf(2 /* _SC_CLK_TCK */)) : 100;

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    private static bool IsRoot() => OperatingSystem.IsLinux() && GetEuid() == 0;

    private static async Task RunAsync(string[] command, string what)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {what}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed ({process.ExitCode}): {ServiceProcess.Tail(await output + await error, 1000)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Immediate shutdown and the folder removed, synchronously: run from a signal handler, which cannot wait for tasks.</summary>
    private void StopNow()
    {
        var command = _runAs.Concat(new[] { Path.Combine(_binDirectory!, "pg_ctl"), "-D", Path.Combine(_directory!, "data"), "-m", "immediate", "-w", "-t", "10", "stop" }).ToArray();
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        using (var stop = Process.Start(start)) stop?.WaitForExit(15_000);
        // The server's last processes may still be removing their files: a delete that met one is tried again.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                Directory.Delete(_directory!, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(200);
            }
            catch (IOException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopAtInterrupt?.Dispose();
        if (_directory == null) return;
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
        {
            try
            {
                await RunAsync(_runAs.Concat(new[] { Path.Combine(_binDirectory!, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop" }).ToArray(), "pg_ctl stop");
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"PostgreSQL: {e.Message}; its folder {_directory} is left for a look.");
                return;
            }
        }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
