using Xunit;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeetingMigration.Service.Configuration;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// Bad settings stop the service with one line on stderr naming the setting and exit code 2, as service managers expect;
/// never an unhandled exception (SIGABRT, exit 134), a stack trace, or a secret's value.
/// </summary>
public sealed class ServiceConfigurationTests : IDisposable
{
    private const string TenantId = "contoso.onmicrosoft.com";
    private const string ClientId = "3f0c6a3e-8a52-4c8e-9d0b-2f7d1a9c4b10";
    private const string RightPassword = "Right-Pfx-Password-4711";
    private const string WrongPassword = "Wr0ng-Pfx-Password-0815";
    private const string ClientSecret = "Client-Secret-Value-9Q~x";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("mm-service-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Pfx()
    {
        var path = Path.Combine(_folder, "app.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=MeetingMigration service test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, RightPassword));
        return path;
    }

    /// <summary>Settings that would start a service against a tenant with a certificate; each case spoils one.</summary>
    private Dictionary<string, string> Valid() => new()
    {
        ["StorePath"] = Path.Combine(_folder, "store.db"),
        ["TenantId"] = TenantId,
        ["ClientId"] = ClientId,
        ["CertificatePath"] = Pfx(),
        ["CertificatePassword"] = RightPassword,
        ["TriggerPollSeconds"] = "0",
    };

    public static TheoryData<string, string> Cases() => new()
    {
        { "wrong certificate password", "CertificatePassword" },
        { "plain http to another host", "GraphEndpoint" },
        { "sign-ins over plain http to another host", "AuthorityHost" },
        { "a sandbox authority with a certificate", "AuthorityHost" },
        { "no tenant", "TenantId" },
        { "no client id", "ClientId" },
        { "certificate file missing", "CertificatePath" },
        { "certificate path is a folder", "CertificatePath" },
        { "no credential at all", "ClientSecret" },
        { "store path under a file", "StorePath" },
        { "negative requests in flight", "MaxRequestsInFlight" },
        { "no mailboxes at a time", "MaxParallelRequests" },
        { "a number that is not one", "PollSeconds" },
        { "a misspelt setting", "PolSeconds" }, // outside probe M: ignored, the service ran on the default
    };

    private Dictionary<string, string> Spoil(string problem)
    {
        var settings = Valid();
        switch (problem)
        {
            case "wrong certificate password": settings["CertificatePassword"] = WrongPassword; break;
            case "plain http to another host": settings["GraphEndpoint"] = "http://graph.contoso.example/v1.0"; break;
            case "sign-ins over plain http to another host": settings["AuthorityHost"] = "http://login.contoso.example"; break;
            case "a sandbox authority with a certificate": settings["AuthorityHost"] = "http://127.0.0.1:5080"; break;
            case "no tenant": settings["TenantId"] = ""; break;
            case "no client id": settings.Remove("ClientId"); break;
            case "certificate file missing": settings["CertificatePath"] = Path.Combine(_folder, "missing.pfx"); break;
            case "certificate path is a folder": settings["CertificatePath"] = _folder; break;
            case "no credential at all": settings.Remove("CertificatePath"); settings.Remove("CertificatePassword"); break;
            case "store path under a file":
                var file = Path.Combine(_folder, "not-a-folder.txt");
                File.WriteAllText(file, "a file, so nothing can be created under it");
                settings["StorePath"] = Path.Combine(file, "store.db");
                break;
            case "negative requests in flight": settings["MaxRequestsInFlight"] = "-1"; break;
            case "no mailboxes at a time": settings["MaxParallelRequests"] = "0"; break;
            case "a number that is not one": settings["PollSeconds"] = "fast"; break; // named as it is set, not as 'MeetingMigration:PollSeconds'
            case "a misspelt setting": settings["PolSeconds"] = "1"; break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }
        return settings;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_setting_stops_the_service_with_exit_code_2_and_one_line_naming_it(string problem, string setting)
    {
        var settings = Spoil(problem);
        if (problem != "no credential at all") settings["ClientSecret"] = ClientSecret; // a secret that must not leak either

        var run = await ServiceProcess.RunAsync(settings, HangGuard);

        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode == ServiceExitCodes.Configuration, $"exit code {run.ExitCode}; output: {output}");
        var lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("MeetingMigration service: configuration error: ", line);
        Assert.Contains($"MeetingMigration__{setting}", line);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain(WrongPassword, output);
        Assert.DoesNotContain(RightPassword, output);
        Assert.DoesNotContain(ClientSecret, output);
    }

    [Fact]
    public async Task An_appsettings_json_in_the_folder_it_is_started_from_is_not_read_only_the_one_next_to_it()
    {
        // Started elsewhere (a shell in another folder, a service manager's default folder), the service read that
        // folder's appsettings.json, not the published one. Here that file is not even JSON; the run must stop on the
        // setting the environment spoils instead.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "appsettings.json"), "{ not json");
        var settings = Valid();
        settings["LeaseSeconds"] = "1";

        var run = await ServiceProcess.RunAsync(settings, HangGuard, workingDirectory: elsewhere);

        Assert.True(run.ExitCode == ServiceExitCodes.Configuration, $"exit code {run.ExitCode}; output: {run.StandardOutput}{run.StandardError}");
        Assert.Contains("MeetingMigration__LeaseSeconds", run.StandardError);
        Assert.DoesNotContain("appsettings.json", run.StandardError);
    }

    [Fact]
    public async Task A_store_file_deleted_under_the_running_service_stops_it_with_exit_code_1_and_one_line_saying_so()
    {
        if (!OperatingSystem.IsLinux()) return; // elsewhere an open file cannot be deleted
        // Found by an outside probe: the service went on with the deleted file, unseen, while the cmdlets queued into a new one.
        var store = Path.Combine(_folder, "deleted.db");
        var run = await RunWithStoreOpenAsync(store);

        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(store + suffix);

        var line = SingleErrorLine(await run, ServiceExitCodes.Failed);
        Assert.StartsWith("MeetingMigration service: stopped: The store file", line);
        Assert.Contains("was deleted while this process had it open", line);
        Assert.Contains("restart", line, StringComparison.OrdinalIgnoreCase); // what to do, on the same line
        Assert.False(File.Exists(store), "the service must not have made a new store where the old one was");
    }

    [Fact]
    public async Task A_store_found_damaged_while_the_service_runs_stops_it_with_exit_code_2_and_one_line_saying_to_restore_it()
    {
        // Found by an outside probe: a worker loop logged the damage, retried a second later and went on finishing requests
        // on the damaged file. The damage is where opening the store does not look (the queue's indexes), so the service
        // starts and meets it at its first look at the queue.
        var store = Path.Combine(_folder, "damaged.db");
        using (var valid = Engine.Store.SqliteMigrationStore.Open(store))
            for (var i = 0; i < 300; i++)
                await valid.EnqueueAsync(new Engine.Store.EnqueueRequest(Engine.Model.UserIdentity.Parse($"user{i}@contoso.com"),
                    Engine.Model.SourceMeetingType.All, Engine.Model.TargetMeetingType.Current), CancellationToken.None);
        using (var file = new FileStream(store, FileMode.Open, FileAccess.Write))
            foreach (var page in RootPages(store, "ix_requests_runnable"))
            {
                file.Position = (page - 1) * 4096L;
                file.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
            }
        var settings = StoreOnly("StorePath", store);
        settings["PollSeconds"] = "0.2";

        var run = await ServiceProcess.RunAsync(settings, HangGuard);

        var line = SingleErrorLine(run, ServiceExitCodes.Configuration);
        Assert.StartsWith("MeetingMigration service: stopped: The store at", line);
        Assert.Contains("is damaged", line);
        Assert.Contains("Restore the store from a backup", line);
    }

    /// <summary>
    /// Outside probe U (HIGH): a store file replaced under the running service (`mv other.db store.db`) stopped it with exit
    /// code 1, which the documented unit restarts within 100 ms, and the restarted service opened the new file with the
    /// replaced file's -wal still at the path: SQLite applied it, the new store's request vanished and the old store's came
    /// back, silently. Exit code 2: nothing restarts it until someone has dealt with the files, as its line says.
    /// </summary>
    [Fact]
    public async Task A_store_file_replaced_under_the_running_service_stops_it_with_exit_code_2_saying_what_to_delete()
    {
        if (!OperatingSystem.IsLinux()) return; // elsewhere an open file cannot be replaced
        var store = Path.Combine(_folder, "replaced.db");
        var other = Path.Combine(_folder, "other.db");
        MeetingMigration.Engine.Store.SqliteMigrationStore.Open(other).Dispose();
        var run = await RunWithStoreOpenAsync(store);

        File.Move(other, store, overwrite: true);

        var line = SingleErrorLine(await run, ServiceExitCodes.Configuration);
        Assert.StartsWith("MeetingMigration service: stopped: The store file", line);
        Assert.Contains("was replaced by another file while this process had it open", line);
        Assert.Contains($"delete '{store}-wal'", line);
    }

    [Fact]
    public async Task A_store_path_with_a_deleted_files_log_left_is_refused_with_what_to_delete_not_a_setting_to_change()
    {
        // Found by an outside re-probe: after a killed service's file was deleted, the refusal said to set StorePath to
        // another file; what helps is deleting the log the deleted file left.
        var store = Path.Combine(_folder, "left.db");
        File.WriteAllText(store + "-wal", "");

        var line = SingleErrorLine(await ServiceProcess.RunAsync(StoreOnly("StorePath", store), HangGuard), ServiceExitCodes.Configuration);

        Assert.Contains($"'{store}-wal'", line);
        Assert.Contains("Delete it and", line);
        Assert.DoesNotContain("Set it (or MEETINGMIGRATION_STORE_PATH)", line);
        Assert.False(File.Exists(store), "no store was made beside the log");
    }

    /// <summary>
    /// Found by an outside probe: a store the service's account may only read opened fine (SQLite reads it), and the
    /// service ran for ten minutes failing every write instead of stopping with exit code 2, as docs/service.md says.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and chattr (ReadOnlyFile); the suite runs on Linux
    public async Task A_store_the_account_can_only_read_stops_the_service_with_exit_code_2_saying_so()
    {
        var store = Path.Combine(_folder, "read-only.db");
        MeetingMigration.Engine.Store.SqliteMigrationStore.Open(store).Dispose();
        using var readOnly = ReadOnlyFile.Make(store);

        var line = SingleErrorLine(await ServiceProcess.RunAsync(StoreOnly("StorePath", store), HangGuard), ServiceExitCodes.Configuration);

        Assert.Contains($"The store at '{store}' cannot be written by this account", line);
        Assert.Contains("Make the file, its -wal and -shm files and its folder writable for this account", line);
    }

    /// <summary>
    /// Found by an outside probe: a store another program held locked kept the service silent for 61 s (121 s for a
    /// rollback-journal file) before it gave up. It now says at once that it waits, and goes on when the lock is let go.
    /// </summary>
    [Fact]
    public async Task A_store_another_program_holds_locked_is_waited_for_saying_so_once()
    {
        var store = Path.Combine(_folder, "locked.db");
        MeetingMigration.Engine.Store.SqliteMigrationStore.Open(store).Dispose();
        var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = ServiceProcess.RunAsync(StoreOnly("StorePath", store), HangGuard, interruptAfter: TimeSpan.FromSeconds(1),
            onErrorLine: line => { if (line.Contains("waiting for the store")) waiting.TrySetResult(); });
        try
        {
            await waiting.Task.WaitAsync(HangGuard);
        }
        finally
        {
            holder.Dispose(); // the lock let go: the service opens the store and runs
        }

        var outcome = await run;
        Assert.Equal(ServiceExitCodes.Stopped, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("MeetingMigration service: waiting for the store: it did not open within 5 s", line);
    }

    /// <summary>The first page of each of the queue's indexes named: those the service reads to find its next request.</summary>
    private static IEnumerable<long> RootPages(string store, params string[] indexes)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rootpage FROM sqlite_master WHERE name IN ({string.Join(", ", indexes.Select(i => $"'{i}'"))})";
        using var reader = command.ExecuteReader();
        var pages = new List<long>();
        while (reader.Read()) pages.Add(reader.GetInt64(0));
        Assert.Equal(indexes.Length, pages.Count);
        return pages;
    }

    /// <summary>A service with only its store set (Graph on a port where nothing listens: it need not reach Graph here).</summary>
    private static Dictionary<string, string> StoreOnly(string setting, string value) => new()
    {
        [setting] = value,
        ["GraphEndpoint"] = "http://127.0.0.1:9/v1.0",
        ["AccessToken"] = "sandbox-token",
        ["TriggerPollSeconds"] = "0",
    };

    /// <summary>
    /// Found by outside probe AM: a StorePath in a misspelt folder made every missing folder of it and a new, empty store,
    /// and the service ran for ever on a queue of its own while the cmdlets queued into the real store.
    /// </summary>
    [Fact]
    public async Task A_store_path_in_a_folder_that_does_not_exist_is_refused_and_nothing_is_made()
    {
        var missing = Path.Combine(_folder, "typo", "meetingmigraton");
        var store = Path.Combine(missing, "store.db");

        var line = SingleErrorLine(await ServiceProcess.RunAsync(StoreOnly("StorePath", store), HangGuard), ServiceExitCodes.Configuration);

        Assert.StartsWith("MeetingMigration service: configuration error: MeetingMigration__StorePath: ", line);
        Assert.Contains($"the folder '{missing}' does not exist", line);
        Assert.Contains("create the folder first", line);
        Assert.False(Directory.Exists(Path.Combine(_folder, "typo")), "no folder of the path was made");
    }

    /// <summary>Outside probe AO: with no StorePath and a home that does not exist, the service made the home and a store in it.</summary>
    [Fact]
    public async Task The_default_store_under_a_home_that_does_not_exist_is_refused_and_nothing_is_made()
    {
        var home = Path.Combine(_folder, "nonexistent");
        var settings = StoreOnly("PollSeconds", "1");
        var run = await ServiceProcess.RunAsync(settings, HangGuard,
            environment: new Dictionary<string, string> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = "" });

        var line = SingleErrorLine(run, ServiceExitCodes.Configuration);
        Assert.Contains($"StorePath is not set, and the default store '{Path.Combine(home, ".config", "MeetingMigration", "store.db")}' would be made under '{home}', which does not exist", line);
        Assert.False(Directory.Exists(home));
    }

    /// <summary>Outside probe AP: a blank MEETINGMIGRATION_STORE_PATH was a bad StorePath; the cmdlets read it as unset.</summary>
    [Fact]
    public async Task A_blank_store_path_variable_is_unset_and_the_default_store_is_used()
    {
        var home = Path.Combine(_folder, "home");
        Directory.CreateDirectory(home);
        var run = await ServiceProcess.RunAsync(StoreOnly("PollSeconds", "1"), HangGuard, interruptAfter: TimeSpan.FromSeconds(3),
            environment: new Dictionary<string, string> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = "", ["MEETINGMIGRATION_STORE_PATH"] = "   " });

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        Assert.True(File.Exists(Path.Combine(home, ".config", "MeetingMigration", "store.db")), run.StandardOutput);
    }

    /// <summary>Outside probe AN: a path from MEETINGMIGRATION_STORE_PATH was reported as MeetingMigration__StorePath.</summary>
    [Fact]
    public async Task A_store_path_variable_in_a_folder_that_does_not_exist_is_named_as_the_variable()
    {
        var missing = Path.Combine(_folder, "typo2");
        var settings = StoreOnly("PollSeconds", "1");
        var run = await ServiceProcess.RunAsync(settings, HangGuard,
            environment: new Dictionary<string, string> { ["MEETINGMIGRATION_STORE_PATH"] = Path.Combine(missing, "store.db") });

        var line = SingleErrorLine(run, ServiceExitCodes.Configuration);
        Assert.StartsWith($"MeetingMigration service: configuration error: MEETINGMIGRATION_STORE_PATH: the folder '{missing}' does not exist", line);
        Assert.DoesNotContain("MeetingMigration__StorePath", line);
        Assert.False(Directory.Exists(missing));
    }

    /// <summary>
    /// The service started on the store file <paramref name="store"/> (only its store set, polling the queue every 0.2 s),
    /// once it has the file open (its -wal is there): the run, to be awaited after the test has done something to the file.
    /// </summary>
    private static async Task<Task<ServiceProcess.Outcome>> RunWithStoreOpenAsync(string store)
    {
        var settings = StoreOnly("StorePath", store);
        settings["PollSeconds"] = "0.2";
        var run = ServiceProcess.RunAsync(settings, HangGuard);
        var deadline = DateTime.UtcNow + HangGuard;
        while (!File.Exists(store + "-wal") && !run.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(File.Exists(store + "-wal"), "the service did not open its store");
        return run;
    }

    /// <summary>The run ended with <paramref name="exitCode"/> and one line on stderr, which is returned.</summary>
    private static string SingleErrorLine(ServiceProcess.Outcome run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}; output: {run.StandardOutput}{run.StandardError}");
        return Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// Found by an outside probe of store failures: a store that may open in a moment (a PostgreSQL server not up yet at
    /// boot, a SQLite file another program holds locked) stopped the service with exit code 2, a wrong setting, which the
    /// documented systemd unit does not restart, so an outage at boot stopped the service for good.
    /// </summary>
    [Fact]
    public async Task A_store_server_that_cannot_be_reached_at_start_is_exit_code_1_so_the_service_manager_starts_it_again()
    {
        var settings = StoreOnly("StoreConnectionString", "Host=127.0.0.1;Port=9;Database=meetingmigration;Username=mm;Timeout=5");
        settings["StorePassword"] = WrongPassword;

        var run = await ServiceProcess.RunAsync(settings, HangGuard);

        var line = SingleErrorLine(run, ServiceExitCodes.Failed);
        var output = run.StandardOutput + run.StandardError;
        Assert.StartsWith("MeetingMigration service: the store cannot be opened now: MeetingMigration__StoreConnectionString: The store at 'postgresql://mm@127.0.0.1:9/meetingmigration' cannot be opened:", line);
        Assert.Contains("Check that the PostgreSQL server is running and reachable", line);
        Assert.EndsWith("The service stops with exit code 1, so its service manager can start it again.", line);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain(WrongPassword, output);
    }

    /// <summary>The same probe: a damaged store file was a wrong setting with advice to move StorePath; it is the file that needs restoring.</summary>
    [Fact]
    public async Task A_damaged_store_file_is_exit_code_2_with_advice_to_restore_it()
    {
        var store = Path.Combine(_folder, "damaged.db");
        MeetingMigration.Engine.Store.SqliteMigrationStore.Open(store).Dispose();
        using (var file = new FileStream(store, FileMode.Open, FileAccess.Write))
        {
            file.Position = 100; // page 1 after the file's header: the schema, which the store reads first
            file.Write(Enumerable.Repeat((byte)0x5A, 3996).ToArray());
        }
        var run = await ServiceProcess.RunAsync(StoreOnly("StorePath", store), HangGuard);

        var line = SingleErrorLine(run, ServiceExitCodes.Configuration);
        Assert.StartsWith("MeetingMigration service: configuration error: MeetingMigration__StorePath:", line);
        Assert.Contains("Restore the store from a backup", line);
        Assert.DoesNotContain("folder the service's account can write to", line);
    }

    /// <summary>
    /// Outside probe T: a store written by a newer version was a wrong StorePath with advice to point it at another file,
    /// which would start an empty store and leave the queue behind. It is the service that needs updating.
    /// </summary>
    [Fact]
    public async Task A_store_of_a_newer_schema_is_exit_code_2_with_advice_to_update_the_service()
    {
        var store = Path.Combine(_folder, "newer.db");
        MeetingMigration.Engine.Store.SqliteMigrationStore.Open(store).Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }
        var run = await ServiceProcess.RunAsync(StoreOnly("StorePath", store), HangGuard);

        var line = SingleErrorLine(run, ServiceExitCodes.Configuration);
        Assert.StartsWith("MeetingMigration service: configuration error: MeetingMigration__StorePath:", line);
        Assert.Contains("has schema version 99", line);
        Assert.Contains("Update this service", line);
        Assert.DoesNotContain("folder the service's account can write to", line);
    }

    public static TheoryData<string, string, string> OutOfRange() => new()
    {
        // setting, value, what the message must say it allows
        { "MaxParallelRequests", "-1", "from 1 to 1,024 (default 64)" },   // was quietly one mailbox at a time
        { "MaxParallelRequests", "100000", "from 1 to 1,024" },            // 100,000 loops
        { "MaxRequestsInFlight", "-3", "from 1 to 100,000, or 0" },
        { "PollSeconds", "0", "from 0.05 to 3,600" },                      // was quietly 0.05
        { "PollSeconds", "NaN", "from 0.05" },                             // stopped the watcher after the start
        { "PollSeconds", "1e308", "to 3,600" },
        { "PollSeconds", "-0.5", "from 0.05" },
        { "LeaseSeconds", "1", "from 3 to 86,400" },                       // was quietly 3
        { "TriggerPollSeconds", "-5", "or 0 (default 300; 0 turns the trigger off)" },
        { "TriggerPollSeconds", "5000000", "to 604,800" },                 // past what Task.Delay can wait
        { "ReconcileIntervalMinutes", "-1", "or 0 (default 0: off)" },
        { "ReconcileIntervalMinutes", "100000", "to 43,200" },
        { "ReconcileDelayBetweenUsersSeconds", "-1", "from 0 to 3,600" },   // was quietly 0
        { "ReconcileMaxUsersPerPass", "-1", "a number of 1 or more, or 0 (default 0: all of them)" },
    };

    /// <summary>
    /// Outside probe M: https://u:PASSWORD@graph.microsoft.com/v1.0 passed the check and the service's start line showed the
    /// password. Refused, and the refusal hides it too.
    /// </summary>
    [Theory]
    [InlineData("GraphEndpoint", "https://u:SECRETVALUE@graph.microsoft.com/v1.0", "'https://***@graph.microsoft.com/v1.0'")]
    [InlineData("GraphEndpoint", "https://SECRETVALUE@graph.microsoft.com/beta", "'https://***@graph.microsoft.com/beta'")]
    [InlineData("GraphEndpoint", "http://:SECRETVALUE@127.0.0.1:5080/v1.0", "'http://***@127.0.0.1:5080/v1.0'")]
    [InlineData("AuthorityHost", "https://u:SECRETVALUE@login.microsoftonline.com", "'https://***@login.microsoftonline.com'")]
    // Outside probe N: malformed ones were refused by another rule that showed the password.
    [InlineData("GraphEndpoint", "https:\\\\u:SECRETVALUE@graph.microsoft.com/v1.0", "'https:\\\\***@graph.microsoft.com/v1.0'")]
    [InlineData("GraphEndpoint", "u:SECRETVALUE@graph.microsoft.com/v1.0", "'***@graph.microsoft.com/v1.0'")]
    public void An_endpoint_with_a_user_name_or_password_is_refused_without_showing_it(string setting, string value, string shown)
    {
        var settings = new ServiceSettings { TenantId = "contoso.onmicrosoft.com", ClientId = ClientId, ClientSecret = ClientSecret };
        typeof(ServiceSettings).GetProperty(setting)!.SetValue(settings, value);

        var error = Assert.Throws<ServiceConfigurationException>(() => ServiceSettingsCheck.Validate(settings));

        Assert.Equal(setting, error.Setting);
        Assert.Contains(shown + " holds a user name or password", error.Message);
        Assert.DoesNotContain("SECRETVALUE", error.Message);
    }

    [Fact]
    public void A_query_in_the_graph_endpoint_is_refused_without_showing_it()
    {
        var settings = new ServiceSettings { AccessToken = "sandbox-token", GraphEndpoint = "https://graph.microsoft.com/v1.0?key=SECRETVALUE" };

        var error = Assert.Throws<ServiceConfigurationException>(() => ServiceSettingsCheck.Validate(settings));

        Assert.Contains("'https://graph.microsoft.com/v1.0?***' has a query or fragment", error.Message);
        Assert.DoesNotContain("SECRETVALUE", error.Message);
    }

    /// <summary>Outside probe N: parts under a setting, and the environment's "__" on the command line, were ignored.</summary>
    [Theory]
    [InlineData("--MeetingMigration__PolSeconds=1", "MeetingMigration__PolSeconds: is given as a setting of no section")]
    [InlineData("--MeetingMigration:PollSeconds:x=1", "MeetingMigration__PollSeconds: is one value, and was given parts")]
    public async Task A_setting_written_so_it_would_be_ignored_is_refused(string argument, string said)
    {
        var settings = Valid();

        var run = await ServiceProcess.RunAsync(settings, HangGuard, arguments: new[] { argument });

        Assert.Equal(ServiceExitCodes.Configuration, run.ExitCode);
        Assert.Contains(said, run.StandardError);
    }

    [Fact]
    public async Task A_misspelt_setting_is_refused_naming_the_setting_it_is_closest_to()
    {
        var settings = Spoil("a misspelt setting");

        var run = await ServiceProcess.RunAsync(settings, HangGuard);

        Assert.Equal(ServiceExitCodes.Configuration, run.ExitCode);
        Assert.Contains("MeetingMigration__PolSeconds: is not a setting of the service. Did you mean MeetingMigration__PollSeconds?", run.StandardError);
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_number_out_of_range_is_refused_by_its_name_and_value_instead_of_being_clamped(string setting, string value, string allowed)
    {
        var settings = new ServiceSettings { AccessToken = "sandbox-token" };
        var property = typeof(ServiceSettings).GetProperty(setting)!;
        property.SetValue(settings, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<ServiceConfigurationException>(() => ServiceSettingsCheck.Validate(settings));

        Assert.Equal(setting, error.Setting);
        Assert.Contains($"MeetingMigration__{setting}: is {Convert.ToDouble(property.GetValue(settings), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)};", error.Message);
        Assert.Contains(allowed, error.Message);
    }

    [Theory]
    [InlineData("MaxRequestsInFlight", "0")]
    [InlineData("TriggerPollSeconds", "0")]
    [InlineData("ReconcileIntervalMinutes", "0")]
    [InlineData("ReconcileMaxUsersPerPass", "0")]
    [InlineData("ReconcileDelayBetweenUsersSeconds", "0")]
    [InlineData("PollSeconds", "0.05")]
    [InlineData("LeaseSeconds", "3")]
    [InlineData("MaxParallelRequests", "1024")]
    public void The_edges_of_each_range_and_the_documented_zeros_are_accepted(string setting, string value)
    {
        var settings = new ServiceSettings { AccessToken = "sandbox-token" };
        var property = typeof(ServiceSettings).GetProperty(setting)!;
        property.SetValue(settings, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Null(Record.Exception(() => ServiceSettingsCheck.Validate(settings)));
    }

    [Theory]
    [InlineData(64, 0, 256)]
    [InlineData(4, 0, 16)]
    [InlineData(64, 100, 100)]
    public void Requests_in_flight_default_to_four_per_mailbox_migrated_at_once(int mailboxes, int setting, int expected)
    {
        // Exchange allows each mailbox 4 in flight; a lower cap across mailboxes (the engine's 64) would let 64 mailboxes
        // use 16 mailboxes' worth of requests.
        Assert.Equal(expected, new ServiceSettings { MaxParallelRequests = mailboxes, MaxRequestsInFlight = setting }.EffectiveMaxRequestsInFlight);
    }
}
