using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Service.Configuration;
using System.Runtime.InteropServices;

namespace MeetingMigration.Service;

/// <summary>
/// Builds the service's host: settings from appsettings.json, environment variables (MeetingMigration__*) and the command
/// line, then <paramref name="configure"/>; the store, the Graph connection, the queue worker, the license trigger and the scheduled reconciliation.
/// Program.cs runs it through <see cref="RunAsync"/>; tests build several in one process against one store.
/// </summary>
public static class ServiceHost
{
    public const string SectionName = "MeetingMigration";

    /// <summary>Throws <see cref="ServiceConfigurationException"/> for settings the service cannot run with.</summary>
    public static IHost Build(string[] args, Action<ServiceSettings>? configure = null) => Build(args, configure, storeClock: null);

    /// <param name="storeClock">
    /// The embedded store's clock instead of this machine's: for tests, a stand-in for a PostgreSQL server whose clock
    /// is not this machine's (a store a server holds reads the server's).
    /// </param>
    internal static IHost Build(string[] args, Action<ServiceSettings>? configure, IClock? storeClock)
    {
        HostApplicationBuilder builder;
        try
        {
            // appsettings.json is read from next to the executable, wherever the service is started from: the default
            // (the working directory) read a file in whatever folder an admin happened to start it in, and missed the
            // published one under `dotnet run` or a service manager that starts it elsewhere.
            builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        }
        catch (InvalidDataException e)
        {
            // appsettings.json that is not JSON: the provider's message names the file, its inner one the line.
            throw new ServiceConfigurationException(null, $"{e.Message} {e.InnerException?.Message}", "Correct the file's JSON.", e);
        }
        var settings = Bind(builder.Configuration);
        configure?.Invoke(settings);
        ServiceSettingsCheck.Validate(settings);
        // Under systemd (Type=notify) the service reports ready and stopping, and logs in the journal's format; under the
        // Windows service manager it answers its start and stop. Elsewhere (a console, a container) both do nothing.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(options => options.ServiceName = "MeetingMigration");
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IMigrationStore>(services => OpenStore(settings, storeClock, services.GetRequiredService<ILoggerFactory>().CreateLogger("MeetingMigration.Service")));
        builder.Services.AddSingleton<ServiceConnection>();
        builder.Services.AddSingleton<ServiceFault>();
        builder.Services.AddHostedService<QueueWorker>();
        builder.Services.AddHostedService<TriggerWatcher>();
        builder.Services.AddHostedService<ReconciliationWatcher>();
        return builder.Build();
    }

    /// <summary>
    /// Builds and runs the service until it is stopped, and returns the process's exit code (<see cref="ServiceExitCodes"/>).
    /// A configuration error is one line on <paramref name="error"/>: what is wrong, which setting, what to do; no stack
    /// trace and no secret. The store and the Graph connection are created before the host starts, so a bad store path
    /// or certificate is reported here rather than as an unhandled exception from inside the host's start.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        IHost host;
        try
        {
            host = Build(args);
            try
            {
                await OpenStoreSayingWhenItWaitsAsync(host.Services, error);
                host.Services.GetRequiredService<ServiceConnection>();
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
        catch (Exception e) when (ConfigurationError(e) is { } configuration)
        {
            await error.WriteLineAsync($"MeetingMigration service: configuration error: {OneLine(configuration.Message)}");
            return ServiceExitCodes.Configuration;
        }
        catch (Exception e) when (Find<StoreNotReadyException>(e) is { } notReady)
        {
            await error.WriteLineAsync($"MeetingMigration service: the store cannot be opened now: {OneLine(notReady.Message)} " +
                                       "The service stops with exit code 1, so its service manager can start it again.");
            return ServiceExitCodes.Failed;
        }
        catch (Exception e)
        {
            return await UnexpectedAsync(e, error);
        }

        try
        {
            using (host)
            {
                var fault = host.Services.GetRequiredService<ServiceFault>(); // read before: RunAsync disposes the services
                using var hangUp = StopOnHangUp(host);
                await host.RunAsync();
                if (fault.Failure is { } failure)
                {
                    // What to do is on the line too: a service manager's status shows stderr, not always the log (outside probe).
                    var action = (failure as MeetingMigrationException)?.RecommendedAction;
                    await error.WriteLineAsync($"MeetingMigration service: stopped: {OneLine(failure.Message)}{(action != null ? " " + OneLine(action) : "")}");
                    return fault.ExitCode;
                }
            }
            return ServiceExitCodes.Stopped;
        }
        catch (Exception e)
        {
            return await UnexpectedAsync(e, error);
        }
    }

    /// <summary>
    /// SIGHUP (the terminal it runs in closed, `kill -HUP`) stops the service as SIGTERM does: running attempts handed back,
    /// exit code 0. The runtime's default for it ended the process at once with 129, nothing logged, and its requests kept
    /// InProgress until their leases ran out (an outside probe). Disposed when the host has run.
    /// </summary>
    private static PosixSignalRegistration StopOnHangUp(IHost host) =>
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MeetingMigration.Service")
                .LogInformation("Stopping on SIGHUP (the terminal closed, or kill -HUP), as on SIGTERM: running attempts are handed back.");
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        });

    /// <summary>How long opening the store may take before the service says it is waiting.</summary>
    private static readonly TimeSpan StoreWaitNotice = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opens the store. A SQLite file another program holds locked is waited for (up to a minute per statement, SQLite's
    /// busy timeout, so one to two minutes in all) before the service gives up with exit code 1; the service says so on
    /// <paramref name="error"/> once, so the wait is not a silent hang (outside probe: 61 and 121 s without a word).
    /// </summary>
    private static async Task OpenStoreSayingWhenItWaitsAsync(IServiceProvider services, TextWriter error)
    {
        var open = Task.Run(() => services.GetRequiredService<IMigrationStore>());
        if (await Task.WhenAny(open, Task.Delay(StoreWaitNotice)) != open)
            await error.WriteLineAsync($"MeetingMigration service: waiting for the store: it did not open within {StoreWaitNotice.TotalSeconds:0} s " +
                                       "(another program may hold it locked, or the database server is slow to answer); the service gives up after " +
                                       "about a minute per statement that waits.");
        await open;
    }

    /// <summary>Not a setting: a fault to report, so the details are kept (engine messages never carry secrets).</summary>
    private static async Task<int> UnexpectedAsync(Exception e, TextWriter error)
    {
        await error.WriteLineAsync($"MeetingMigration service: stopped by an unexpected error: {e}");
        return ServiceExitCodes.Failed;
    }

    /// <summary>StorePath, else MEETINGMIGRATION_STORE_PATH (as the cmdlets read it), else the cmdlets' default store.</summary>
    public static string StorePath(ServiceSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.StorePath)) return settings.StorePath;
        // Blank is unset, as the cmdlets read it (it was a bad StorePath: outside probe AP).
        var fromEnvironment = Environment.GetEnvironmentVariable("MEETINGMIGRATION_STORE_PATH");
        return !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment : SqliteMigrationStore.DefaultPath;
    }

    private static ServiceSettings Bind(IConfiguration configuration)
    {
        RefuseUnknownSettings(configuration);
        try
        {
            return configuration.GetSection(SectionName).Get<ServiceSettings>() ?? new ServiceSettings();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the type it wanted (only numbers and switches can fail to convert,
            // never a secret, which is text).
            // It names the key as configuration does ('MeetingMigration:PollSeconds'); every other message, and the
            // environment an admin sets it in, says MeetingMigration__PollSeconds.
            var message = System.Text.RegularExpressions.Regex.Replace(e.Message, @"'MeetingMigration:(\w+)'", "MeetingMigration__$1");
            throw new ServiceConfigurationException(null, message, "Correct the value; see docs/service.md, Settings.", e);
        }
    }

    /// <summary>
    /// A name under MeetingMigration that is no setting (a typo: MeetingMigration__PolSeconds) is a configuration error
    /// naming it and the closest setting: it was ignored, and the service ran on the default without a word (an outside
    /// probe). Names are matched as configuration matches them, in any case.
    /// </summary>
    private static void RefuseUnknownSettings(IConfiguration configuration)
    {
        // On the command line configuration's separator is ':' (--MeetingMigration:PollSeconds=1); written with the
        // environment's "__" the name was a setting of no section, ignored (outside probe N).
        if (configuration.GetChildren().FirstOrDefault(c => c.Key.StartsWith(SectionName + "__", StringComparison.OrdinalIgnoreCase)) is { } flat)
            throw new ServiceConfigurationException(flat.Key[(SectionName.Length + 2)..], "is given as a setting of no section (the command line takes --MeetingMigration:Name=value).",
                $"Write it --{SectionName}:{flat.Key[(SectionName.Length + 2)..]}=value on the command line, or set the environment variable {flat.Key}.");
        var known = typeof(ServiceSettings).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToList();
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            // Every setting is one value: parts under one (MeetingMigration__PollSeconds__x, a JSON array or object) were ignored.
            if (child.GetChildren().FirstOrDefault() is { } part && known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                throw new ServiceConfigurationException(child.Key, $"is one value, and was given parts ({SectionName}__{child.Key}__{part.Key}, or a JSON array or object).",
                    "Give it one value; see docs/service.md, Settings.");
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var closest = known.OrderBy(name => Distance(name.ToLowerInvariant(), child.Key.ToLowerInvariant())).First();
            throw new ServiceConfigurationException(child.Key, "is not a setting of the service.",
                $"Did you mean {SectionName}__{closest}? The settings are listed in docs/service.md, Settings.");
        }
    }

    /// <summary>Edit distance between two names (a typo's closest setting).</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    /// <summary>
    /// StoreConnectionString (or MEETINGMIGRATION_STORE_CONNECTION): a PostgreSQL server shared with other services and
    /// sessions; else the embedded file. StoreTenant (or MEETINGMIGRATION_STORE_TENANT) picks the tenant's rows.
    /// </summary>
    private static IMigrationStore OpenStore(ServiceSettings settings, IClock? storeClock, ILogger logger)
    {
        var connection = !string.IsNullOrWhiteSpace(settings.StoreConnectionString) ? settings.StoreConnectionString
            : Environment.GetEnvironmentVariable(MigrationStores.ConnectionStringVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : null;
        var tenant = settings.StoreTenant ?? Environment.GetEnvironmentVariable(MigrationStores.TenantVariable);
        try
        {
            if (connection != null) return MigrationStores.OpenServer(connection, NullIfEmpty(settings.StorePassword), tenant);
            var path = StorePath(settings);
            var isNew = IsNewStoreFile(path, explicitPath: path != SqliteMigrationStore.DefaultPath,
                fromVariable: string.IsNullOrWhiteSpace(settings.StorePath));
            var sqlite = SqliteMigrationStore.Open(path, storeClock, tenant);
            if (isNew)
                logger.LogWarning("MeetingMigration service: there was no store at {Store}; a new, empty one was made there. If sessions queue migrations into another store, set StorePath (or MEETINGMIGRATION_STORE_PATH) to that one.", QuotedValue.Of(sqlite.Location));
            try
            {
                sqlite.ThrowIfReadOnly(); // a store the service cannot write is a wrong setting: exit code 2 (outside probe)
            }
            catch
            {
                sqlite.Dispose();
                throw;
            }
            return sqlite;
        }
        catch (MeetingMigrationException e) when (e.ErrorId == ErrorIds.StoreUnavailable
                                                    && (e.InnerException is TimeoutException || StoreFailures.Explain(e.InnerException ?? e, null) != null))
        {
            // Found by an outside probe: a store locked by another program, or a PostgreSQL server not up yet at boot, was
            // exit code 2 (a wrong setting, which the documented unit does not restart), with advice to change StorePath.
            // Such a store may open in a moment: exit code 1, so the service manager starts the service again. A damaged or
            // read-only one will not: exit code 2, with what to do about the store rather than the setting.
            var location = connection != null ? null : e.Target as string; // the store file, whose disk says whether it is full
            var cause = StoreFailures.Explain(e.InnerException!, location);
            var setting = connection != null ? "StoreConnectionString" : "StorePath";
            if (cause == null || StoreFailures.MayPass(e.InnerException!, location))
                throw new StoreNotReadyException($"MeetingMigration__{setting}: {e.Message} {cause?.RecommendedAction ?? "Check that the PostgreSQL server is running and reachable from here."}", e);
            throw new ServiceConfigurationException(setting, e.Message, cause.RecommendedAction!, e);
        }
        catch (MeetingMigrationException e)
        {
            var (setting, action) =
                e.ErrorId == ErrorIds.InvalidTenantId ? ("StoreTenant", "Set it (or MEETINGMIGRATION_STORE_TENANT) to a tenant id or domain, or leave it empty for the default tenant.")
                // A newer version wrote the store: the service needs updating, not the setting, which would start an empty
                // store elsewhere and leave the queue behind (outside probe T).
                : e.ErrorId == ErrorIds.StoreSchemaTooNew ? (connection != null ? "StoreConnectionString" : "StorePath",
                    "Update this service (and the MeetingMigration module of every session using this store) to the version that wrote it; keep the setting as it is.")
                // The store's own advice where it has one about the files at the path (a deleted file's -wal left there).
                : e.ErrorId == ErrorIds.StoreUnavailable && e.RecommendedAction is { Length: > 0 } advice ? (connection != null ? "StoreConnectionString" : "StorePath", advice)
                : connection != null ? ("StoreConnectionString", "Set it (or MEETINGMIGRATION_STORE_CONNECTION) to a PostgreSQL connection string the service's account can use; the password in StorePassword or MEETINGMIGRATION_STORE_PASSWORD.")
                : ("StorePath", "Set it (or MEETINGMIGRATION_STORE_PATH) to a file in a folder the service's account can write to.");
            throw new ServiceConfigurationException(setting, e.Message, action, e);
        }
    }

    /// <summary>
    /// Whether opening the store at <paramref name="path"/> will make a new one. A path someone set must be in a folder that
    /// exists: the service made every missing folder of a misspelt one (…/meetingmigraton/store.db; as root, anywhere) and
    /// ran for ever on an empty queue of its own while the cmdlets queued into the real store (outside probe AM). Only the
    /// default location's folder is made, as the cmdlets make it.
    /// </summary>
    /// <param name="fromVariable">The path came from MEETINGMIGRATION_STORE_PATH, which the error names then (outside probe AN).</param>
    private static bool IsNewStoreFile(string path, bool explicitPath, bool fromVariable)
    {
        var fullPath = StorePathRules.Check(path);
        // An empty file (an interrupted copy, a touch) becomes a new, empty store too, and is said to (outside probe AO).
        if (File.Exists(fullPath) && new FileInfo(fullPath).Length > 0) return false;
        var folder = Path.GetDirectoryName(fullPath);
        // The default store's folders are made under the account's home, not the home itself: an account whose home does
        // not exist (/nonexistent, the convention for service accounts) got one made, with a queue nobody looks at
        // (outside probe AO).
        var configFolder = string.IsNullOrEmpty(folder) ? null : Path.GetDirectoryName(folder);
        var home = string.IsNullOrEmpty(configFolder) ? null : Path.GetDirectoryName(configFolder);
        if (!explicitPath && !string.IsNullOrEmpty(home) && !Directory.Exists(home))
            throw new ServiceConfigurationException(null,
                $"StorePath is not set, and the default store {QuotedValue.Of(fullPath)} would be made under {QuotedValue.Of(home)}, which does not exist (the service account's home, or the folder XDG_CONFIG_HOME is in)",
                "Set StorePath (or MEETINGMIGRATION_STORE_PATH) to a store file in a folder that exists, the one the cmdlets use.");
        if (explicitPath && !string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            var problem = $"the folder {QuotedValue.Of(folder)} does not exist; the service makes a new store only in a folder that exists";
            const string action = "Correct the path to the store the cmdlets use, or create the folder first (mkdir -m 700) for a new store.";
            throw fromVariable
                ? new ServiceConfigurationException(null, "MEETINGMIGRATION_STORE_PATH: " + problem, action)
                : new ServiceConfigurationException("StorePath", problem, action);
        }
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The configuration error behind <paramref name="e"/>, also when dependency injection wrapped it.</summary>
    private static ServiceConfigurationException? ConfigurationError(Exception? e) => Find<ServiceConfigurationException>(e);

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e != null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    /// <summary>The store could not be opened for a reason that may pass (locked by another program, a server not up yet).</summary>
    private sealed class StoreNotReadyException(string message, Exception inner) : Exception(message, inner);

    /// <summary>One log line, whatever the inner messages held (SQLite's and the OS's may span lines).</summary>
    private static string OneLine(string text) => string.Join(" ", text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
}
