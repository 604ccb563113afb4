using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox;

/// <summary>
/// --exit-with-process: completes when the process that started the sandbox is gone, even killed outright, at no cost
/// while it runs. Process.WaitForExitAsync on a process that is not our child polls it many times a second on Unix: 80
/// wake-ups and 3 ms of CPU a second in an idle sandbox, which the scale benchmark charged to its requests (about 90 µs
/// each at one mailbox). On Linux a thread of its own sleeps in poll() on a pidfd, which the kernel wakes when the process
/// exits; elsewhere, or on a kernel without pidfd_open (before 5.3), the process is looked at once a second.
/// </summary>
internal static class ParentProcessWatch
{
    public static Task WhenGoneAsync(int processId, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux() && Linux.TryOpen(processId, out var pidfd))
        {
            var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() => exited.TrySetResult(Linux.WaitUntilReadable(pidfd))) { IsBackground = true, Name = "exit-with-process" }.Start();
            return WaitAsync(exited.Task, processId, cancellationToken);
        }
        return PollAsync(processId, cancellationToken);
    }

    private static async Task WaitAsync(Task<bool> exited, int processId, CancellationToken cancellationToken)
    {
        if (!await exited.WaitAsync(cancellationToken)) await PollAsync(processId, cancellationToken); // poll() failed: look instead
    }

    private static async Task PollAsync(int processId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (IsRunning(processId) && await timer.WaitForNextTickAsync(cancellationToken)) { }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false; // gone
        }
    }

    private static class Linux
    {
        private const long SysPidfdOpen = 434; // the same number on every architecture since Linux 5.3
        private const short PollIn = 1;
        private const int Interrupted = 4;     // EINTR

        [StructLayout(LayoutKind.Sequential)]
        private struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
        private static extern int Syscall(long number, int pid, uint flags);

        [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
        private static extern int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

        /// <summary>A pidfd for the process; false when it is already gone or the kernel has no pidfd_open.</summary>
        public static bool TryOpen(int processId, out int pidfd)
        {
            try
            {
                pidfd = Syscall(SysPidfdOpen, processId, 0);
                return pidfd >= 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                pidfd = -1;
                return false;
            }
        }

        /// <summary>Blocks until the kernel marks the pidfd readable (the process has exited: true), or poll() fails (false).</summary>
        public static bool WaitUntilReadable(int pidfd)
        {
            var fd = new PollFd { Fd = pidfd, Events = PollIn };
            while (true)
            {
                if (Poll(ref fd, 1, -1) > 0) return true;
                if (Marshal.GetLastPInvokeError() != Interrupted) return false;
            }
        }
    }
}
