using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>
    /// Every test of this assembly runs in a process that, like an admin's session where ExchangeOnlineManagement or
    /// MicrosoftTeams was imported first, already holds an older MSAL (4.21.1) in the default load context. It is loaded
    /// before any test can import the module, so the module's first use of MSAL meets it.
    /// </summary>
    internal static class OlderMsalPreload
    {
        public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "conflicting-msal", "Microsoft.Identity.Client.dll");

        public static Assembly? Loaded { get; private set; }

#pragma warning disable CA2255 // A module initializer is the only way to run before xUnit starts any test of this assembly.
        [ModuleInitializer]
#pragma warning restore CA2255
        internal static void Load()
        {
            if (File.Exists(Path)) Loaded = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path);
        }
    }
}
