using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MeetingMigration.Shell.Hosting
{
    /// <summary>A runspace on the shell's host with the MeetingMigration module imported from its built folder.</summary>
    internal sealed class ShellSession : IDisposable
    {
        /// <summary>Points the shell at a module folder or manifest other than the one built next to the sources.</summary>
        public const string ModulePathVariable = "MEETINGMIGRATION_MODULE";

        /// <summary>
        /// A test and diagnostic aid: assembly files (separated by the path separator) loaded with Assembly.LoadFrom before
        /// the module is imported, to reproduce an admin session where another module (ExchangeOnlineManagement,
        /// MicrosoftTeams) already loaded other versions of the module's dependencies, MSAL for instance.
        /// </summary>
        public const string PreloadVariable = "MEETINGMIGRATION_PRELOAD";

        private readonly Runspace _runspace;

        public ShellSession()
        {
            Host = new ShellHost();
            _runspace = RunspaceFactory.CreateRunspace(Host, InitialSessionState.CreateDefault2());
            _runspace.Open();
            Preload();
            // Import-Module, as an admin would: a module preloaded through InitialSessionState does not get its format views.
            using var import = PowerShell.Create();
            import.Runspace = _runspace;
            import.AddCommand("Import-Module").AddParameter("Name", FindModuleManifest()).AddParameter("Force").AddParameter("ErrorAction", "Stop");
            import.Invoke();
        }

        public ShellHost Host { get; }

        /// <summary>Runs a script and renders everything it outputs, errors included, through Out-Default. False when it failed.</summary>
        public bool Execute(string script, params object[] arguments)
        {
            using var powerShell = PowerShell.Create();
            powerShell.Runspace = _runspace;
            powerShell.AddScript(script);
            // A script's $args are its own: they must be passed to it, not set as a session variable.
            foreach (var argument in arguments) powerShell.AddArgument(argument);
            powerShell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
            powerShell.AddCommand("Out-Default");
            try
            {
                powerShell.Invoke();
            }
            catch (RuntimeException e)
            {
                Host.UI.WriteErrorLine(e.ErrorRecord?.ToString() ?? e.Message);
                return false;
            }
            return !powerShell.HadErrors;
        }

        public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

        private static void Preload()
        {
            var files = Environment.GetEnvironmentVariable(PreloadVariable);
            if (string.IsNullOrWhiteSpace(files)) return;
            foreach (var file in files!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                System.Reflection.Assembly.LoadFrom(Path.GetFullPath(file.Trim()));
        }

        internal static string FindModuleManifest()
        {
            var configured = Environment.GetEnvironmentVariable(ModulePathVariable);
            if (!string.IsNullOrWhiteSpace(configured))
                return Directory.Exists(configured) ? Path.Combine(configured, "MeetingMigration.psd1") : configured!;
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "out", "MeetingMigration", "MeetingMigration.psd1");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException(
                $"The MeetingMigration module was not found. Build it (dotnet build MeetingMigration.sln) or set {ModulePathVariable}.");
        }

        public void Dispose() => _runspace.Dispose();
    }
}
