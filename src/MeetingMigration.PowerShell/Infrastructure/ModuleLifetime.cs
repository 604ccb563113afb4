using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Runs when the module is imported: hooks native library resolution. The hook stays for the life of the process:
    /// the assembly stays loaded after Remove-Module, and other runspaces of the process may still need SQLite loaded.
    /// </summary>
    public sealed class ModuleLifetime : IModuleAssemblyInitializer
    {
        public void OnImport() => NativeLibraryResolver.Register();
    }
}
