using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>Runs when the module is imported and removed: hooks and unhooks native library resolution.</summary>
    public sealed class ModuleLifetime : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => NativeLibraryResolver.Register();

        public void OnRemove(PSModuleInfo psModuleInfo) => NativeLibraryResolver.Unregister();
    }
}
