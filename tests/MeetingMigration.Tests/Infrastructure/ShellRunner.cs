using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>Runs the built management shell (dotnet mmshell.dll) as a child process with its output redirected.</summary>
    public static class ShellRunner
    {
        public sealed class Result
        {
            public int ExitCode { get; set; }
            public string StandardOutput { get; set; } = "";
            public string StandardError { get; set; } = "";
            public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
        }

        public static Result Run(string storePath, params string[] arguments) => Run(storePath, null, arguments);

        /// <summary>Runs mmshell with extra environment variables (for instance MEETINGMIGRATION_PRELOAD).</summary>
        public static Result Run(string storePath, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(storePath)!,
            };
            start.ArgumentList.Add(RepoPaths.ShellAssembly);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["MEETINGMIGRATION_STORE_PATH"] = storePath;
            start.Environment.Remove("MEETINGMIGRATION_MODULE");
            start.Environment["NO_COLOR"] = null;
            start.Environment["TERM"] = "xterm-256color"; // escapes must be left out because output is redirected, whatever the terminal
            start.Environment.Remove("MEETINGMIGRATION_PRELOAD");
            if (environment != null)
                foreach (var (name, value) in environment) start.Environment[name] = value;

            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("mmshell did not exit within 60 s: " + string.Join(" ", arguments));
            }
            process.WaitForExit();
            return new Result { ExitCode = process.ExitCode, StandardOutput = stdout.Result, StandardError = stderr.Result };
        }

        /// <summary>The dotnet host running these tests (the same SDK), else the one on PATH.</summary>
        private static string DotnetHost()
        {
            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
            var current = Environment.ProcessPath;
            if (current != null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return current;
            return OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        }
    }
}
