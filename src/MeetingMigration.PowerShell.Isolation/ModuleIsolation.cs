using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace MeetingMigration.PowerShell.Isolation
{
    /// <summary>
    /// Installs the module's load context. This runs as the manifest's nested module, which PowerShell imports before the
    /// root module MeetingMigration.dll: PowerShell enumerates the root module's types (whose properties use engine
    /// enums) before the root module's own OnImport, so the engine must be resolvable by then.
    /// MeetingMigration.dll stays in the default context (PowerShell loads it there); when it asks for an assembly that
    /// it references and that lives in dependencies/ (MeetingMigration.Engine, Microsoft.Extensions.Logging.Abstractions,
    /// whose ILogger appears in engine signatures), the default context's Resolving event hands over the private
    /// context's copy (unless the host provides one: these assemblies are shared, one copy for both sides). Everything else
    /// the engine needs is resolved inside the private context. If the host already loaded the engine into the default context (a host that references it), Resolving never
    /// fires for it and the host's copies are used. The hook stays for the life of the process: the assemblies stay
    /// loaded after Remove-Module, and other runspaces may still use them.
    /// </summary>
    public static class ModuleIsolation
    {
        public const string DependenciesFolderName = "dependencies";
        public const string RootAssemblyFileName = "MeetingMigration.dll";

        private static readonly object Gate = new object();
        private static ModuleLoadContext? _context;
        private static HashSet<string>? _served;

        /// <summary>The private context, once installed.</summary>
        public static AssemblyLoadContext? Context => _context;

        public static void Install(string moduleFolder)
        {
            lock (Gate)
            {
                if (_context != null) return;
                var dependencies = Path.Combine(moduleFolder, DependenciesFolderName);
                var context = new ModuleLoadContext(dependencies);
                _served = ServedNames(Path.Combine(moduleFolder, RootAssemblyFileName), context);
                context.Share(_served);
                _context = context;
                AssemblyLoadContext.Default.Resolving += OnDefaultResolving;
            }
        }

        private static Assembly? OnDefaultResolving(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            var context = _context;
            var served = _served;
            if (context == null || served == null || name.Name == null || !served.Contains(name.Name)) return null;
            return context.LoadOwn(name);
        }

        /// <summary>The assemblies MeetingMigration.dll references that are files in dependencies/, read from its metadata.</summary>
        private static HashSet<string> ServedNames(string rootAssembly, ModuleLoadContext context)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!File.Exists(rootAssembly)) return names;
            using var stream = File.OpenRead(rootAssembly);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle).GetAssemblyName();
                if (reference.Name != null && context.PathOf(reference) != null) names.Add(reference.Name);
            }
            return names;
        }
    }

    /// <summary>PowerShell calls this when it imports the nested module MeetingMigration.PowerShell.Isolation.dll.</summary>
    public sealed class IsolationInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            var folder = Path.GetDirectoryName(typeof(IsolationInitializer).Assembly.Location);
            if (string.IsNullOrEmpty(folder)) throw new InvalidOperationException("The MeetingMigration module folder could not be determined.");
            ModuleIsolation.Install(folder);
        }
    }
}
