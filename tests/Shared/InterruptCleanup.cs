using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace MeetingMigration.Testing;

/// <summary>
/// What a tool of ours (the benchmarks, the reliability proofs) started outside its own process (sandboxes, services,
/// reference servers, a PostgreSQL cluster) and its temp folders, removed when the tool is interrupted (Ctrl+C, SIGTERM,
/// SIGHUP) as well as when it ends. A sandbox left running by an interrupted benchmark held hundreds of megabytes and
/// used the cores the next run measured; a service left by an interrupted proof went on polling its store. (A SIGKILL
/// runs no code: sandboxes also watch the process that started them, --exit-with-process.) Linked into each tool.
/// </summary>
internal static class InterruptCleanup
{
    private static readonly object Gate = new();
    private static readonly List<Process> Running = new();
    private static readonly List<Action> Cleanups = new();
    private static readonly List<PosixSignalRegistration> Signals = new();

    /// <summary>
    /// True once a signal asked the run to stop: what the run throws from then on is the interruption's doing, and
    /// the signal's handler ends the process (<see cref="WaitForExit"/>).
    /// </summary>
    public static volatile bool Interrupted;

    /// <summary>Blocks the run's own thread while the signal's handler stops everything and ends the process.</summary>
    public static void WaitForExit() => Thread.Sleep(Timeout.Infinite);

    /// <summary>Stops this process, with the processes it started, if the run is interrupted or ends before it does.</summary>
    public static Process Track(Process process)
    {
        lock (Gate)
        {
            Register();
            Running.RemoveAll(Ended);
            Running.Add(process);
        }
        return process;
    }

    /// <summary>
    /// Runs <paramref name="cleanup"/> if the run is interrupted, or ends without having disposed the result (for what is
    /// not a child process: a daemonized server, a temp folder).
    /// </summary>
    public static IDisposable Add(Action cleanup)
    {
        lock (Gate)
        {
            Register();
            Cleanups.Add(cleanup);
        }
        return new Registration(cleanup);
    }

    /// <summary>A temp folder of the run, deleted if the run is interrupted (dispose the result once the run deleted or kept it).</summary>
    public static IDisposable Folder(string path) => Add(() => Directory.Delete(path, recursive: true));

    private sealed class Registration(Action cleanup) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Cleanups.Remove(cleanup);
        }
    }

    /// <summary>
    /// Called first by a tool's Main: Ctrl+C, SIGTERM and SIGHUP then stop what it started and end it. Not called in test
    /// hosts, where the test runner owns the signals (what a test started is still stopped when the host exits).
    /// </summary>
    public static void HandleSignals()
    {
        lock (Gate)
        {
            if (Signals.Count > 0) return;
            foreach (var (signal, exitCode) in new[] { (PosixSignal.SIGINT, 130), (PosixSignal.SIGTERM, 143), (PosixSignal.SIGHUP, 129) })
                Signals.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    // The process ends here, once everything is stopped, with the shell's code for the signal: left to the
                    // runtime, it could end first, or the run, failing for what is stopped under it, could crash it first.
                    context.Cancel = true;
                    // One stop: a SIGTERM to the process group reaches this process twice (from the shell's `timeout` and
                    // again through `dotnet run`), and the second handler, finding nothing left to stop, ended the process
                    // while the first was still deleting the temp folder, which stayed (outside probe BG-F2). The first ends it.
                    if (Interlocked.Exchange(ref _stopping, 1) == 1) return;
                    Interrupted = true;
                    Console.Error.WriteLine($"{context.Signal}: stopping what this run started and deleting its temp folders.");
                    StopAll();
                    Environment.Exit(exitCode);
                }));
        }
    }

    private static bool _atExit;
    private static int _stopping;

    private static void Register()
    {
        if (_atExit) return;
        _atExit = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
    }

    /// <summary>Ended, or let go of: its owner may have disposed the Process object, which then knows nothing more.</summary>
    private static bool Ended(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void StopAll()
    {
        List<Process> processes;
        List<Action> cleanups;
        lock (Gate)
        {
            processes = new List<Process>(Running);
            cleanups = new List<Action>(Cleanups);
            Running.Clear();
            Cleanups.Clear();
        }
        foreach (var process in processes)
        {
            try
            {
                if (!Ended(process)) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { } // it ended, or was disposed, meanwhile
            catch (System.ComponentModel.Win32Exception) { }
        }
        foreach (var cleanup in cleanups)
        {
            try
            {
                cleanup();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"Cleaning up after the run failed: {e.Message}");
            }
        }
    }
}
