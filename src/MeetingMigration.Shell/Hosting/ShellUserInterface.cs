using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace MeetingMigration.Shell.Hosting
{
    /// <summary>Writes the host streams to the console; prompts (for -Confirm, mandatory parameters) read whole lines.</summary>
    internal sealed class ShellUserInterface : PSHostUserInterface
    {
        private readonly ShellRawUserInterface _raw = new ShellRawUserInterface();
        private string _lastProgress = "";

        public override PSHostRawUserInterface RawUI => _raw;

        /// <summary>Colour and other escape sequences only on a real terminal, never into a file or pipe.</summary>
        public override bool SupportsVirtualTerminal => !Console.IsOutputRedirected;

        public override string ReadLine() => Console.ReadLine() ?? "";

        public override SecureString ReadLineAsSecureString()
        {
            var secure = new SecureString();
            foreach (var c in ReadLine()) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        public override void Write(string value) => Console.Out.Write(Plain(value, Console.IsOutputRedirected));
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) => Console.Out.WriteLine(Plain(value, Console.IsOutputRedirected));
        public override void WriteErrorLine(string value) => Console.Error.WriteLine(Plain(value, Console.IsErrorRedirected));

        private static readonly System.Text.RegularExpressions.Regex Escapes =
            new System.Text.RegularExpressions.Regex("\\x1b\\[[0-9;?]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);

        /// <summary>The formatter colours table headers whatever the host says; files and pipes get the text without escapes.</summary>
        private static string Plain(string value, bool redirected) => redirected ? Escapes.Replace(value, "") : value;
        public override void WriteDebugLine(string message) => Console.Error.WriteLine("DEBUG: " + message);
        public override void WriteVerboseLine(string message) => Console.Error.WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Console.Error.WriteLine("WARNING: " + message);

        private readonly HashSet<int> _activitiesShown = new HashSet<int>();

        /// <summary>One line per change of status, to stderr, so redirected output stays clean.</summary>
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            if (record.RecordType == ProgressRecordType.Completed)
            {
                // Only close what was shown: commands such as Get-Help complete activities they never reported.
                if (!_activitiesShown.Remove(record.ActivityId)) return;
            }
            else
            {
                _activitiesShown.Add(record.ActivityId);
            }
            var line = record.RecordType == ProgressRecordType.Completed
                ? $"{record.Activity}: done"
                : $"{record.Activity}: {record.StatusDescription}{(record.PercentComplete >= 0 ? $" ({record.PercentComplete}%)" : "")}";
            if (line == _lastProgress) return;
            _lastProgress = line;
            Console.Error.WriteLine(line);
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
            if (!string.IsNullOrEmpty(message)) WriteLine(message);
            var answers = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                Write(field.Name + ": ");
                answers[field.Name] = PSObject.AsPSObject(ReadLine());
            }
            return answers;
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            WriteLine(caption);
            WriteLine(message);
            for (var i = 0; i < choices.Count; i++) WriteLine($"  [{i}] {choices[i].Label.Replace("&", "")}  {choices[i].HelpMessage}");
            Write($"Choice (default {defaultChoice}): ");
            var answer = ReadLine().Trim();
            if (answer.Length == 0) return defaultChoice;
            if (int.TryParse(answer, out var index) && index >= 0 && index < choices.Count) return index;
            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label;
                var hot = label.IndexOf('&');
                if (hot >= 0 && hot + 1 < label.Length && string.Equals(answer, label[hot + 1].ToString(), StringComparison.OrdinalIgnoreCase)) return i;
            }
            return defaultChoice;
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            WriteLine(message);
            if (string.IsNullOrEmpty(userName))
            {
                Write("User: ");
                userName = ReadLine();
            }
            Write("Password: ");
            return new PSCredential(userName, ReadLineAsSecureString());
        }
    }
}
