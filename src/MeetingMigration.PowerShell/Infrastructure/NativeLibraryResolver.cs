using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// PowerShell does not read a module's deps.json, so the runtime never looks in the module's runtimes/&lt;rid&gt;/native
    /// folders and SQLite's e_sqlite3 is not found. This hooks the default load context's ResolvingUnmanagedDll event (which
    /// fires only after normal probing failed) and loads the library built for this OS and architecture from the module.
    /// The API is reached by reflection because this assembly targets netstandard2.0, which does not declare it.
    /// </summary>
    internal static class NativeLibraryResolver
    {
        private static readonly object Gate = new object();
        private static Delegate? _handler;

        public static void Register()
        {
            lock (Gate)
            {
                if (_handler != null) return;
                var loadContextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false);
                var nativeLibraryType = Type.GetType("System.Runtime.InteropServices.NativeLibrary, System.Runtime.InteropServices", throwOnError: false);
                var load = nativeLibraryType?.GetMethod("Load", new[] { typeof(string) });
                var resolving = loadContextType?.GetEvent("ResolvingUnmanagedDll");
                var context = loadContextType?.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
                if (resolving == null || context == null || load == null) return; // Windows PowerShell (.NET Framework) probes differently.

                var moduleFolder = Path.GetDirectoryName(typeof(NativeLibraryResolver).Assembly.Location) ?? "";
                Func<Assembly, string, IntPtr> resolve = (_, name) => Resolve(moduleFolder, name, load);
                _handler = resolve;
                resolving.AddEventHandler(context, _handler);
            }
        }

        private static IntPtr Resolve(string moduleFolder, string name, MethodInfo load)
        {
            foreach (var rid in CandidateRuntimeIdentifiers())
            {
                var path = Path.Combine(moduleFolder, "runtimes", rid, "native", FileName(name));
                if (!File.Exists(path)) continue;
                try
                {
                    return (IntPtr)load.Invoke(null, new object[] { path })!;
                }
                catch (TargetInvocationException)
                {
                    // A glibc build on a musl system (or the reverse) fails to load: try the next candidate.
                }
            }
            return IntPtr.Zero;
        }

        internal static string FileName(string name)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name : name + ".dll";
            var extension = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? ".dylib" : ".so";
            var file = name.StartsWith("lib", StringComparison.Ordinal) ? name : "lib" + name;
            return file.EndsWith(extension, StringComparison.Ordinal) ? file : file + extension;
        }

        internal static string[] CandidateRuntimeIdentifiers()
        {
            string architecture;
            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64: architecture = "x64"; break;
                case Architecture.X86: architecture = "x86"; break;
                case Architecture.Arm64: architecture = "arm64"; break;
                case Architecture.Arm: architecture = "arm"; break;
                default: architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(); break;
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return new[] { "win-" + architecture };
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return new[] { "osx-" + architecture };
            return new[] { "linux-" + architecture, "linux-musl-" + architecture };
        }
    }
}
