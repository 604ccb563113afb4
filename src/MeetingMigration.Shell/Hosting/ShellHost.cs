using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace MeetingMigration.Shell.Hosting
{
    /// <summary>The PSHost of the management shell; SetShouldExit records the exit code asked for by 'exit'.</summary>
    internal sealed class ShellHost : PSHost
    {
        private readonly ShellUserInterface _ui = new ShellUserInterface();

        public int? ExitCode { get; private set; }
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override string Name => "MeetingMigration.Shell";
        public override PSHostUserInterface UI => _ui;
        public override Version Version => typeof(ShellHost).Assembly.GetName().Version ?? new Version(0, 1);

        public override void EnterNestedPrompt() => throw new NotSupportedException("The shell has no nested prompts.");
        public override void ExitNestedPrompt() => throw new NotSupportedException("The shell has no nested prompts.");
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    }
}
