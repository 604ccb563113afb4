using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>
    /// A PowerShell 7.6 runspace that imported the built module from out/MeetingMigration and connected to its own store
    /// (a fresh temp file unless one is given). One per test: the module keeps its connection per runspace, so tests in
    /// different classes run in parallel without sharing anything.
    /// </summary>
    public sealed class ModuleRunspace : IDisposable
    {
        private const string TerminatingVariable = "__mmTestTerminatingError";
        private readonly Runspace _runspace;
        private readonly TempStore? _ownStore;

        public ModuleRunspace(string? storePath = null, bool connect = true)
        {
            if (storePath == null) _ownStore = new TempStore();
            StorePath = storePath ?? _ownStore!.StorePath;

            // CreateDefault2: the Microsoft.PowerShell.Core cmdlets only. ExecutionPolicy is left alone (it throws on Linux).
            _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            _runspace.Open();
            Run("Import-Module -Name $manifest -Force -ErrorAction Stop", ("manifest", RepoPaths.ModuleManifest)).AssertSuccess();
            if (connect) Run("Connect-MeetingMigration -StorePath $storePath", ("storePath", StorePath)).AssertSuccess();
        }

        public string StorePath { get; }
        /// <summary>A folder of this test's own, for scripts and extra files.</summary>
        public string Folder => System.IO.Path.GetDirectoryName(StorePath)!;

        /// <summary>
        /// Runs a script (in a scope of its own) as it is written, with the given variables set first. A statement-terminating
        /// error is caught and reported as <see cref="PsResult.TerminatingError"/>; non-terminating errors as written.
        /// </summary>
        public PsResult Run(string script, params (string Name, object? Value)[] variables)
        {
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
            _runspace.SessionStateProxy.SetVariable(TerminatingVariable, null);

            using var powerShell = PowerShell.Create();
            powerShell.Runspace = _runspace;
            var wrapped = "try {\n" + script + "\n} catch { $global:" + TerminatingVariable + " = $_ }";
            powerShell.AddScript(wrapped, useLocalScope: true);

            var output = new List<PSObject>();
            ErrorRecord? terminating = null;
            try
            {
                output.AddRange(powerShell.Invoke().Where(o => o != null));
            }
            catch (RuntimeException e)
            {
                terminating = e.ErrorRecord;
            }
            terminating ??= Unwrap(_runspace.SessionStateProxy.GetVariable(TerminatingVariable));
            var errors = powerShell.Streams.Error.ToList();
            var warnings = powerShell.Streams.Warning.Select(w => w.Message).ToList();
            return new PsResult(script, output, errors, terminating, warnings);
        }

        /// <summary>Runs a script that must succeed and returns its output.</summary>
        public IReadOnlyList<PSObject> Ok(string script, params (string Name, object? Value)[] variables) =>
            Run(script, variables).AssertSuccess().Output;

        /// <summary>
        /// Everything the store holds as the Get cmdlets show it (every migration record with every property, the tenant
        /// migration configuration, the dial-in settings), as text: two equal snapshots mean nothing was changed.
        /// </summary>
        public string Snapshot()
        {
            var text = new StringBuilder();
            foreach (var command in new[] { "Get-CsMeetingMigrationStatus", "Get-CsTenantMigrationConfiguration", "Get-CsOnlineDialInConferencingTenantSettings" })
            {
                text.Append("# ").AppendLine(command);
                foreach (var item in Ok(command)) text.AppendLine(Describe(item));
            }
            return text.ToString();
        }

        public static string Describe(PSObject item) =>
            string.Join("; ", item.Properties.Select(p => p.Name + "=" + Format(SafeValue(p))));

        private static object? SafeValue(PSPropertyInfo property)
        {
            try
            {
                return property.Value;
            }
            catch (GetValueException e)
            {
                return "<" + e.Message + ">";
            }
        }

        public static string Format(object? value)
        {
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            switch (value)
            {
                case null: return "<null>";
                case string s: return s;
                case DateTime time: return time.ToString("o", CultureInfo.InvariantCulture);
                case System.Collections.IEnumerable items: return "{" + string.Join(",", items.Cast<object?>().Select(Format)) + "}";
                case IFormattable formattable: return formattable.ToString(null, CultureInfo.InvariantCulture);
                default: return value.ToString() ?? "";
            }
        }

        private static ErrorRecord? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject as ErrorRecord : value as ErrorRecord;

        public void Dispose()
        {
            try
            {
                using var powerShell = PowerShell.Create();
                powerShell.Runspace = _runspace;
                powerShell.AddCommand("Disconnect-MeetingMigration").Invoke();
            }
            catch (RuntimeException)
            {
                // The runspace is being thrown away anyway.
            }
            _runspace.Dispose();
            _ownStore?.Dispose();
        }
    }
}
