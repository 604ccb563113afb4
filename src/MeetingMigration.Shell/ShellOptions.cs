using System;
using System.Collections.Generic;

namespace MeetingMigration.Shell
{
    /// <summary>The shell's command line, in pwsh's style (-Command, -File).</summary>
    internal sealed class ShellOptions
    {
        public const string Usage =
            "Usage: mmshell [-Command <script>] [-File <path> [args...]] [-Demo [-Users <n>] [-MeetingsPerUser <n>]] [-Help]";

        public string? Command { get; private set; }
        public string? File { get; private set; }
        public List<string> Arguments { get; } = new List<string>();
        public bool Demo { get; private set; }
        public int Users { get; private set; } = 25;
        public int MeetingsPerUser { get; private set; } = 12;
        public bool Help { get; private set; }

        public static ShellOptions Parse(string[] args)
        {
            var options = new ShellOptions();
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i].TrimStart('-').ToLowerInvariant();
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (name)
                {
                    case "command":
                    case "c":
                        options.Command = string.Join(" ", args, i + 1, args.Length - i - 1);
                        if (options.Command.Length == 0) throw new ArgumentException("-Command needs a script.");
                        return options;
                    case "file":
                    case "f":
                        options.File = Next();
                        for (i++; i < args.Length; i++) options.Arguments.Add(args[i]);
                        return options;
                    case "demo":
                        options.Demo = true;
                        break;
                    case "users":
                        options.Users = PositiveInt(Next(), "-Users");
                        break;
                    case "meetingsperuser":
                        options.MeetingsPerUser = PositiveInt(Next(), "-MeetingsPerUser");
                        break;
                    case "help":
                    case "h":
                    case "?":
                        options.Help = true;
                        break;
                    default:
                        throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
            return options;
        }

        private static int PositiveInt(string text, string option) =>
            int.TryParse(text, out var value) && value > 0 ? value : throw new ArgumentException($"{option} takes a positive number, not '{text}'.");
    }
}
