using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace MeetingMigration.PowerShell.Isolation
{
    /// <summary>
    /// The module's private load context: serves every assembly in the module's dependencies/ folder (the engine, MSAL,
    /// Graph/Kiota, Microsoft.Data.Sqlite, SQLitePCLRaw...) so they never meet other versions loaded into the default
    /// context by other modules. An assembly the running .NET already provides at the requested version or newer
    /// (System.Memory, System.Text.Json... shipped as netstandard2.0 package files) is left to the default context, so
    /// there is one Span&lt;T&gt; and one JsonSerializer; so is an assembly whose types cross between MeetingMigration.dll
    /// and the engine, so both see one copy. Native libraries (e_sqlite3) come from
    /// dependencies/runtimes/&lt;rid&gt;/native for this OS and architecture: PowerShell does not read a module's deps.json.
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        public const string ContextName = "MeetingMigration";

        private readonly string _dependencies;
        private readonly Lazy<Dictionary<string, string>> _frameworkAssemblies = new Lazy<Dictionary<string, string>>(FrameworkAssemblies);
        private HashSet<string> _shared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public ModuleLoadContext(string dependenciesFolder) : base(ContextName, isCollectible: false)
        {
            _dependencies = dependenciesFolder;
        }

        public string DependenciesFolder => _dependencies;

        /// <summary>
        /// Assemblies whose types cross between MeetingMigration.dll (default context) and the engine (the engine itself,
        /// Microsoft.Extensions.Logging.Abstractions): there must be one copy of each, the one the default context binds.
        /// </summary>
        internal void Share(IEnumerable<string> names) => _shared = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);

        /// <summary>The dependencies/ file for this assembly name, or null when there is none.</summary>
        public string? PathOf(AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name)) return null;
            var path = Path.Combine(_dependencies, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }

        /// <summary>Loads our own copy into this context (the default context's Resolving hook for a shared assembly).</summary>
        internal Assembly? LoadOwn(AssemblyName name)
        {
            var path = PathOf(name);
            return path == null ? null : LoadFromAssemblyPath(path);
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = PathOf(assemblyName);
            if (path == null) return null; // not ours: the default context resolves it (framework, System.Management.Automation)
            if (assemblyName.Name != null && _shared.Contains(assemblyName.Name))
            {
                // The copy MeetingMigration.dll sees: the host's if it has one, else ours (through the Resolving hook).
                try { return Default.LoadFromAssemblyName(assemblyName); }
                catch (FileLoadException) { return LoadFromAssemblyPath(path); } // the host has an older one
                catch (FileNotFoundException) { return LoadFromAssemblyPath(path); }
            }
            if (ProvidedByFramework(assemblyName, path)) return null; // one Span<T>, one System.Text.Json
            return LoadFromAssemblyPath(path);
        }

        /// <summary>True when a shared framework of the running .NET ships this assembly at the requested version (else ours) or newer.</summary>
        private bool ProvidedByFramework(AssemblyName requested, string ourPath)
        {
            if (requested.Name == null || !_frameworkAssemblies.Value.TryGetValue(requested.Name, out var framework)) return false;
            try
            {
                var provided = AssemblyName.GetAssemblyName(framework).Version;
                var needed = requested.Version ?? AssemblyName.GetAssemblyName(ourPath).Version;
                return provided != null && (needed == null || provided >= needed);
            }
            catch (Exception e) when (e is BadImageFormatException || e is IOException)
            {
                return false;
            }
        }

        /// <summary>
        /// The trusted platform assemblies that come from the shared frameworks (Microsoft.NETCore.App, and
        /// Microsoft.AspNetCore.App when the host uses it), not the host application's own files. For a self-contained
        /// host (the pwsh packages), the framework folder is the host's folder.
        /// </summary>
        private static Dictionary<string, string> FrameworkAssemblies()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var coreFolder = Path.GetDirectoryName(typeof(object).Assembly.Location);
            if (string.IsNullOrEmpty(coreFolder)) return result;
            var sharedRoot = Path.GetDirectoryName(Path.GetDirectoryName(coreFolder));
            var root = sharedRoot != null && string.Equals(Path.GetFileName(sharedRoot), "shared", StringComparison.OrdinalIgnoreCase) ? sharedRoot : coreFolder;
            root = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            foreach (var file in trusted.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!file.StartsWith(root, StringComparison.OrdinalIgnoreCase)) continue;
                var name = Path.GetFileNameWithoutExtension(file);
                if (!result.ContainsKey(name)) result.Add(name, file);
            }
            return result;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            foreach (var rid in CandidateRuntimeIdentifiers())
            {
                var path = Path.Combine(_dependencies, "runtimes", rid, "native", NativeFileName(unmanagedDllName));
                if (!File.Exists(path)) continue;
                try
                {
                    return LoadUnmanagedDllFromPath(path);
                }
                catch (DllNotFoundException)
                {
                    // A glibc build on a musl system (or the reverse) fails to load: try the next candidate.
                }
                catch (BadImageFormatException)
                {
                }
            }
            return IntPtr.Zero; // the runtime's own probing
        }

        internal static string NativeFileName(string name)
        {
            if (OperatingSystem.IsWindows()) return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name : name + ".dll";
            var extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            var file = name.StartsWith("lib", StringComparison.Ordinal) ? name : "lib" + name;
            return file.EndsWith(extension, StringComparison.Ordinal) ? file : file + extension;
        }

        internal static IReadOnlyList<string> CandidateRuntimeIdentifiers()
        {
            var architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.X86 => "x86",
                Architecture.Arm64 => "arm64",
                Architecture.Arm => "arm",
                var other => other.ToString().ToLowerInvariant(),
            };
            if (OperatingSystem.IsWindows()) return new[] { "win-" + architecture };
            if (OperatingSystem.IsMacOS()) return new[] { "osx-" + architecture };
            return new[] { "linux-" + architecture, "linux-musl-" + architecture };
        }
    }
}
