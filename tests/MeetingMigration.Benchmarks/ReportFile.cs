using System;
using System.IO;
using System.Text;

namespace MeetingMigration.Benchmarks;

/// <summary>Where every benchmark writes its report: UTF-8 without a byte-order mark, its folder created.</summary>
internal static class ReportFile
{
    /// <summary>Refuses a report path that cannot be written (a folder that cannot be created, no write access) before anything is measured.</summary>
    public static void Check(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var existed = File.Exists(full);
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            if (!existed) File.Delete(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BenchmarkArgumentException($"the report cannot be written to '{path}' ({e.Message}); give a writable file with --output.");
        }
    }

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
