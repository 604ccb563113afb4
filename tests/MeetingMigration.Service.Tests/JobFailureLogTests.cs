using MeetingMigration.Engine.Errors;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// A background job's failed passes in the log: once with the reason, then counted, then said again every ten minutes
/// while they last; a stack trace only for what is not a known failure.
/// </summary>
public sealed class JobFailureLogTests
{
    private readonly RecordingLogger _logger = new();
    private DateTime _now = new(2030, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    private JobFailureLog Log() => new(_logger, "License trigger pass", () => _now);

    private static MeetingMigrationException StoreDown() =>
        new(ErrorIds.StoreUnavailable, ErrorKind.ResourceBusy, "The store at '/srv/mm/store.db' cannot be opened: disk I/O error", "/srv/mm/store.db", "Check the disk.");

    private List<RecordingLogger.Entry> At(LogLevel level) => _logger.Entries.Where(e => e.Level == level).ToList();

    [Fact]
    public void A_known_failure_is_one_entry_with_its_reason_and_action_and_no_stack_trace()
    {
        Log().Failed(StoreDown(), "Retrying in 300 s.");

        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("License trigger pass failed: The store at '/srv/mm/store.db' cannot be opened: disk I/O error. Check the disk. Retrying in 300 s.", entry.Text);
    }

    [Fact]
    public void Graph_unreachable_or_a_call_the_gateway_gave_up_on_is_one_entry_without_a_stack_trace()
    {
        var refused = new MeetingMigration.Engine.Graph.GraphCallException(0, "NoResponse", "No response from Microsoft Graph: Connection refused (127.0.0.1:5080)",
            inner: new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
        var redirected = new MeetingMigration.Engine.Graph.GraphCallException(302, "UnexpectedRedirect", "Microsoft Graph answered 302 redirecting to 'http://elsewhere/'.");

        Log().Failed(refused, "The service tries again every 15 s.");
        Log().Failed(redirected, "Retrying in 300 s.");

        Assert.All(_logger.Entries, e => Assert.Null(e.Exception));
        Assert.Equal("License trigger pass failed: Microsoft Graph could not be reached: No response from Microsoft Graph: Connection refused (127.0.0.1:5080). The service tries again every 15 s.", _logger.Entries[0].Text);
        Assert.StartsWith("License trigger pass failed: Graph answered 302 UnexpectedRedirect: Microsoft Graph answered 302 redirecting to", _logger.Entries[1].Text);
    }

    [Fact]
    public void The_same_failure_again_is_counted_and_said_again_every_ten_minutes_and_the_recovery_says_how_many()
    {
        var log = Log();
        for (var pass = 0; pass < 12; pass++)
        {
            log.Failed(StoreDown(), "Retrying in 60 s.");
            _now += TimeSpan.FromMinutes(1);
        }
        log.Succeeded();
        log.Succeeded();

        var errors = At(LogLevel.Error);
        Assert.Equal(2, errors.Count); // the first, and after ten minutes
        Assert.StartsWith("License trigger pass still failing: 11 failed passes since 2030-01-01 08:00:00Z. Last: The store at", errors[1].Text);
        Assert.Equal(10, At(LogLevel.Debug).Count);
        var recovered = Assert.Single(At(LogLevel.Information));
        Assert.Equal("License trigger pass works again, after 12 failed passes since 2030-01-01 08:00:00Z.", recovered.Text);
    }

    [Fact]
    public void A_failure_of_another_kind_is_said_at_once_and_an_unexpected_one_keeps_its_stack_trace()
    {
        var log = Log();
        log.Failed(StoreDown(), "Retrying in 60 s.");
        log.Failed(new HttpRequestException("Connection refused (127.0.0.1:9)"), "Retrying in 60 s.");
        var bug = new InvalidOperationException("users/delta ended without an @odata.deltaLink.");
        log.Failed(bug, "Retrying in 60 s.");

        var errors = At(LogLevel.Error);
        Assert.Equal(3, errors.Count);
        Assert.Equal("License trigger pass failed: Graph could not be reached: Connection refused (127.0.0.1:9). Retrying in 60 s.", errors[1].Text);
        Assert.Null(errors[1].Exception);
        Assert.Same(bug, errors[2].Exception); // a bug to report: the stack trace is what the report needs
    }

    [Fact]
    public void Nothing_is_said_on_success_when_nothing_failed()
    {
        Log().Succeeded();
        Assert.Empty(_logger.Entries);
    }

    /// <summary>
    /// Found by an outside probe of store failures: SQLite's and PostgreSQL's errors were stack traces each pass, with no
    /// store named and nothing to do; and a read-only store, where passes that only read work and the others fail, wrote
    /// "failed" and "works again" every half second.
    /// </summary>
    [Fact]
    public void A_store_failure_names_the_store_and_what_to_do_without_a_stack_trace()
    {
        var log = new JobFailureLog(_logger, "The queue watcher", () => _now, storeLocation: "/srv/mm/store.db");

        log.Failed(new Microsoft.Data.Sqlite.SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8), "Trying again in 0.5 s.");

        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Null(entry.Exception);
        Assert.StartsWith("The queue watcher failed: The store at '/srv/mm/store.db' cannot be written (read-only): SQLite Error 8", entry.Text);
        Assert.Contains("Make the file, its -wal and -shm files and its folder writable for this account", entry.Text);
    }

    [Fact]
    public void A_job_that_fails_and_works_by_turns_is_one_story_until_the_flap_window_has_passed()
    {
        var log = new JobFailureLog(_logger, "The queue watcher", () => _now, storeLocation: "/srv/mm/store.db");
        var readOnly = new Microsoft.Data.Sqlite.SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8);
        for (var pass = 0; pass < 20; pass++)
        {
            log.Failed(readOnly, "Trying again in 0.5 s.");
            _now += TimeSpan.FromSeconds(0.5);
            log.Succeeded();
            _now += TimeSpan.FromSeconds(0.5);
        }

        Assert.Single(At(LogLevel.Error));
        Assert.Single(At(LogLevel.Information)); // the first "works again"; the others at Debug

        _now += JobFailureLog.FlapWindow;
        log.Failed(readOnly, "Trying again in 0.5 s.");
        Assert.Equal(2, At(LogLevel.Error).Count); // said again once the window has passed
    }

    /// <summary>
    /// Found by an outside probe: a disk filled again a minute after the first outage ended; the new outage started inside
    /// the flap window, so it was counted at Debug, and the service said nothing for the two minutes it lasted.
    /// </summary>
    [Fact]
    public void A_failure_that_comes_back_soon_after_recovery_and_lasts_is_said_once_it_has_lasted_the_flap_window()
    {
        var log = new JobFailureLog(_logger, "The queue watcher", () => _now, storeLocation: "/srv/mm/store.db");
        var full = new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
        log.Failed(full, "Trying again in 1 s.");
        _now += TimeSpan.FromSeconds(20);
        log.Succeeded();
        _now += TimeSpan.FromSeconds(10);
        for (var pass = 0; pass < 30; pass++)
        {
            log.Failed(full, "Trying again in 1 s.");
            _now += TimeSpan.FromSeconds(1);
        }
        Assert.Single(At(LogLevel.Error)); // the second outage began inside the flap window: not yet its own story

        for (var pass = 0; pass < 40; pass++)
        {
            log.Failed(full, "Trying again in 1 s.");
            _now += TimeSpan.FromSeconds(1);
        }

        var errors = At(LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("The queue watcher failed again, and has kept failing since 2030-01-01 08:00:30Z (61 failed passes): The store at '/srv/mm/store.db' cannot be written: its disk is full", errors[1].Text);
        log.Succeeded();
        Assert.Equal(2, At(LogLevel.Information).Count); // and its end is said too
    }

    /// <summary>
    /// Found by outside probe V: PostgreSQL stopped twice, the second time 6 s after the first outage ended. Its failures
    /// differ from pass to pass ("Exception while reading from stream", then "Failed to connect"), and the first was not
    /// read as the connection lost: each outage was two stories at Error, and the second was not counted as the first's.
    /// </summary>
    [Fact]
    public void A_postgresql_outage_is_one_story_whichever_way_its_passes_fail_and_one_soon_after_it_is_counted_at_debug()
    {
        var log = new JobFailureLog(_logger, "The queue watcher", () => _now, storeLocation: "postgresql://mm@127.0.0.1:5432/mm");
        Exception streamEnded = new Npgsql.NpgsqlException("Exception while reading from stream", new EndOfStreamException("Attempted to read past the end of the stream."));
        Exception refused = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111));
        void Outage(int seconds)
        {
            log.Failed(streamEnded, "Trying again in 0.5 s.");
            for (var pass = 0; pass < seconds * 2; pass++)
            {
                _now += TimeSpan.FromSeconds(0.5);
                log.Failed(refused, "Trying again in 0.5 s.");
            }
            log.Succeeded();
        }

        Outage(12);
        var error = Assert.Single(At(LogLevel.Error));
        Assert.Contains("cannot be reached, or its server ended the connection", error.Text);
        Assert.Contains("the service tries again by itself", error.Text);
        Assert.Single(At(LogLevel.Information)); // works again

        _now += TimeSpan.FromSeconds(6);
        Outage(12);
        Assert.Single(At(LogLevel.Error));
        Assert.Single(At(LogLevel.Information));
    }

    /// <summary>
    /// Outside probe BE-F2: the queue watcher and the worker loops each met a stopped PostgreSQL server, and one outage was
    /// two Error lines and two "works again" lines. The job that meets it second counts it at Debug while the first fails
    /// with the same failure.
    /// </summary>
    [Fact]
    public void An_outage_two_jobs_meet_is_said_by_the_first_and_counted_by_the_second()
    {
        var watcher = new JobFailureLog(_logger, "The queue watcher", () => _now, storeLocation: "postgresql://mm@127.0.0.1:5432/mm");
        var loops = new JobFailureLog(_logger, "A worker loop", () => _now, storeLocation: "postgresql://mm@127.0.0.1:5432/mm");
        Exception refused = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111));

        watcher.Failed(refused, "Retrying in 0.5 s.", sameOutage: loops);
        _now += TimeSpan.FromSeconds(2);
        for (var pass = 0; pass < 240; pass++) // two minutes: past the flap window, which must not make the loops say it
        {
            loops.Failed(refused, "Loop 1 retries in 1 s.", sameOutage: watcher);
            watcher.Failed(refused, "Retrying in 0.5 s.", sameOutage: loops);
            _now += TimeSpan.FromSeconds(0.5);
        }
        watcher.Succeeded();
        loops.Succeeded();

        var error = Assert.Single(At(LogLevel.Error));
        Assert.StartsWith("The queue watcher failed: ", error.Text);
        var worksAgain = Assert.Single(At(LogLevel.Information));
        Assert.StartsWith("The queue watcher works again", worksAgain.Text);
    }

    /// <summary>
    /// The loops fail on (the disk full: reads work, writes do not) after the watcher works again: that is said, as the
    /// loops' own failure, once it has lasted the flap window without the watcher failing with it.
    /// </summary>
    [Fact]
    public void A_failure_the_other_job_no_longer_has_is_said_once_it_has_lasted_the_flap_window()
    {
        var watcher = new JobFailureLog(_logger, "The queue watcher", () => _now, storeLocation: "/srv/mm/store.db");
        var loops = new JobFailureLog(_logger, "A worker loop", () => _now, storeLocation: "/srv/mm/store.db");
        var full = new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13);

        watcher.Failed(full, "Retrying in 0.5 s.", sameOutage: loops);
        loops.Failed(full, "Loop 1 retries in 1 s.", sameOutage: watcher);
        _now += TimeSpan.FromSeconds(5);
        watcher.Succeeded();
        for (var pass = 0; pass < 70; pass++)
        {
            _now += TimeSpan.FromSeconds(1);
            loops.Failed(full, "Loop 1 retries in 1 s.", sameOutage: watcher);
        }

        var errors = At(LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("The queue watcher failed: ", errors[0].Text);
        Assert.StartsWith("A worker loop failed again, and has kept failing since", errors[1].Text);
    }
}
