using System;
using System.IO;
using System.Linq;
using MeetingMigration.Shell.Hosting;

namespace MeetingMigration.Shell
{
    /// <summary>
    /// mmshell [-Command &lt;script&gt;] [-File &lt;path&gt; [args]] : a PowerShell 7.6 console with MeetingMigration loaded.
    /// With neither, an interactive prompt. Exit code 0 when everything ran without error, 1 otherwise.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            try
            {
                var options = ShellOptions.Parse(args);
                if (options.Help)
                {
                    Console.WriteLine(ShellOptions.Usage);
                    return 0;
                }
                using var session = new ShellSession();
                if (options.Demo) return Demo.Run(session, options);
                if (options.Command != null) return Finish(session, session.Execute(options.Command));
                if (options.File != null)
                {
                    var script = File.ReadAllText(options.File);
                    return Finish(session, session.Execute(script, options.Arguments.Cast<object>().ToArray()));
                }
                return Interactive(session);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(ShellOptions.Usage);
                return 2;
            }
            catch (FileNotFoundException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }

        private static int Finish(ShellSession session, bool succeeded) => session.Host.ExitCode ?? (succeeded ? 0 : 1);

        private static int Interactive(ShellSession session)
        {
            Console.WriteLine("MeetingMigration shell (PowerShell 7.6). Type 'exit' to leave.");
            while (session.Host.ExitCode == null)
            {
                Console.Write("MM> ");
                var line = Console.ReadLine();
                if (line == null || line.Trim() == "exit") break;
                if (line.Trim().Length > 0) session.Execute(line);
            }
            return session.Host.ExitCode ?? 0;
        }
    }
}
