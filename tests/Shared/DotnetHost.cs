using System;
using System.IO;

namespace MeetingMigration.Testing;

/// <summary>
/// The dotnet that runs a framework-dependent program of ours (the sandbox, the service, pwsh) as a child process: the
/// one running these tests (dotnet test sets DOTNET_HOST_PATH), or this process's own when it is dotnet, else the one
/// on PATH. Linked into each test project and tool that starts one.
/// </summary>
internal static class DotnetHost
{
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } own && System.IO.Path.GetFileNameWithoutExtension(own) == "dotnet" ? own : "dotnet";
}
