using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// What the benchmark started outside its own process (sandboxes, services, reference servers, a PostgreSQL cluster) and
/// its temp folders, removed when the benchmark is interrupted (Ctrl+C, SIGTERM, SIGHUP) as well as when it ends. A
/// sandbox left running by an interrupted run held hundreds of megabytes and used the cores the next run measured, and its
/// folder 200-350 MB of disk. (A SIGKILL runs no code: the sandbox also watches this process itself, --exit-with-process.)
/// </summary>
internal static class InterruptCleanup
{
    private static readonly object Gate = new();
    private static readonly List<Process> Running = new();
    private static readonly List<Action> Cleanups = new();
    private static readonly List<PosixSignalRegistration> Signals = new();

    /// <summary>
    /// True once a signal asked the benchmark to stop: what the run throws from then on is the interruption's doing, and
    /// the signal's handler ends the process (<see cref="WaitForExit"/>).
    /// </summary>
    public static volatile bool Interrupted;

    /// <summary>Blocks the run's own thread while the signal's handler stops everything and ends the process.</summary>
    public static void WaitForExit() => Thread.Sleep(Timeout.Infinite);

    /// <summary>Stops this process, with the processes it started, if the benchmark is interrupted before it does.</summary>
    public static Process Track(Process process)
    {
        lock (Gate)
        {
            Register();
            Running.RemoveAll(p => p.HasExited);
            Running.Add(process);
        }
        return process;
    }

    /// <summary>Runs <paramref name="cleanup"/> if the benchmark is interrupted (for what is not a child process: a daemonized server).</summary>
    public static IDisposable Add(Action cleanup)
    {
        lock (Gate)
        {
            Register();
            Cleanups.Add(cleanup);
        }
        return new Registration(cleanup);
    }

    /// <summary>A temp folder of the run, deleted if the benchmark is interrupted (dispose the result once the run deleted it).</summary>
    public static IDisposable Folder(string path) => Add(() => Directory.Delete(path, recursive: true));

    private sealed class Registration(Action cleanup) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Cleanups.Remove(cleanup);
        }
    }

    private static void Register()
    {
        if (Signals.Count > 0) return;
        foreach (var (signal, exitCode) in new[] { (PosixSignal.SIGINT, 130), (PosixSignal.SIGTERM, 143), (PosixSignal.SIGHUP, 129) })
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // The process ends here, once everything is stopped, with the shell's code for the signal: left to the
                // runtime, it could end first, or the run, failing for what is stopped under it, could crash it first.
                context.Cancel = true;
                Interrupted = true;
                Console.Error.WriteLine($"{context.Signal}: stopping what the benchmark started and deleting its temp folders.");
                StopAll();
                Environment.Exit(exitCode);
            }));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
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
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { } // it ended meanwhile
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
                Console.Error.WriteLine($"Stopping what the benchmark started failed: {e.Message}");
            }
        }
    }
}
