using System.Diagnostics;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// A file this process can read and not write, until disposed: mode 0444 for an ordinary account; for root, whom modes do
/// not stop, the immutable attribute (chattr +i), which stops root too.
/// Unix only (file modes, chattr), as the tests that use it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyFile : IDisposable
{
    private readonly string _path;
    private readonly bool _immutable;
    private readonly UnixFileMode _mode;

    private ReadOnlyFile(string path, bool immutable, UnixFileMode mode)
    {
        _path = path;
        _immutable = immutable;
        _mode = mode;
    }

    public static ReadOnlyFile Make(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if (geteuid() != 0)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return new ReadOnlyFile(path, immutable: false, mode);
        }
        Chattr("+i", path);
        return new ReadOnlyFile(path, immutable: true, mode);
    }

    public void Dispose()
    {
        if (_immutable) Chattr("-i", _path);
        else File.SetUnixFileMode(_path, _mode);
    }

    private static void Chattr(string flag, string path)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", new[] { flag, path }) { RedirectStandardError = true })!;
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        if (chattr.ExitCode != 0) throw new InvalidOperationException($"chattr {flag} {path} failed: {error}");
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
