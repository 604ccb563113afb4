using System;
using System.IO;
using System.Text;

namespace MeetingMigration.Benchmarks;

/// <summary>Where every benchmark writes its report: UTF-8 without a byte-order mark, its folder created.</summary>
internal static class ReportFile
{
    /// <summary>
    /// Writes the report, unless the run was interrupted: a run that carried on for a moment while its sandbox or database
    /// was being stopped would otherwise replace the report of record with the failures that caused.
    /// </summary>
    public static void Write(string path, string text)
    {
        if (InterruptCleanup.Interrupted) throw new OperationCanceledException("interrupted: the report is not written");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
