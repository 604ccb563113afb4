using System;
using System.Diagnostics;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>The sandbox program (MeetingMigration.Sandbox.dll) as a child process of a test, its output redirected.</summary>
internal static class SandboxProgram
{
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(MeetingMigration.Testing.DotnetHost.Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(SandboxServer).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("the sandbox did not start");
    }
}
