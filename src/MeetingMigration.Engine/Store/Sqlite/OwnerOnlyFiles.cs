using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The store holds user names, join links and conference IDs: on Unix its folder is made 0700 and its files 0600, for
    /// the cmdlets and the service alike. The file is created empty and restricted before SQLite writes anything to it;
    /// SQLite gives its -wal and -shm files the database file's mode. On Windows the default location is in the user's
    /// profile (%APPDATA%), whose ACL already limits it to the user; an explicit path keeps its folder's ACL.
    /// </summary>
    internal static class OwnerOnlyFiles
    {
        private const uint OwnerOnlyFolder = 0x1C0; // 0700
        private const uint OwnerOnlyFile = 0x180;   // 0600

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int Chmod(string path, uint mode);

        public static void PrepareFolder(string folder)
        {
            if (Directory.Exists(folder)) return; // someone else's folder keeps its mode
            Directory.CreateDirectory(folder);
            Restrict(folder, OwnerOnlyFolder);
        }

        /// <summary>Creates the store file, owner-only, if it is missing: restricted before SQLite writes anything to it.</summary>
        public static void CreateStoreFile(string path)
        {
            if (File.Exists(path)) return;
            try
            {
                using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite)) { }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another session or thread created it between the check and here (a flaky test showed it): theirs is as good.
            }
            Restrict(path, OwnerOnlyFile);
        }

        /// <summary>
        /// Makes the store file and its companions owner-only: an older store is tightened too. Only once the file is known
        /// to be a store; any other file keeps its mode. Only the group's and others' rights are taken away: a store the
        /// owner made read-only stays read-only (it was made 0600, writable, without a word; found by an outside probe),
        /// so it is refused as one.
        /// </summary>
        public static void RestrictStoreFiles(string path)
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
                if (File.Exists(file)) Restrict(file, CurrentMode(file) is { } mode ? mode & OwnerBits : OwnerOnlyFile);
        }

        private const uint OwnerBits = 0x1C0; // 0700: what the owner may do, kept as it is

        /// <summary>
        /// The file's Unix mode, through File.GetUnixFileMode where the runtime has it (.NET 7 and later: the module and the
        /// service; this library is built for netstandard2.0, which lacks it); null elsewhere.
        /// </summary>
        private static uint? CurrentMode(string path)
        {
            var get = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
            if (get == null || RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            try
            {
                return Convert.ToUInt32(get.Invoke(null, new object[] { path }), CultureInfo.InvariantCulture);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                return null;
            }
        }

        private static void Restrict(string path, uint mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            try
            {
                // A file of another user's cannot be changed (EPERM): it keeps its mode, as the owner chose it.
                Chmod(path, mode);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                // No libc (an unusual Unix): the files keep the umask's mode.
            }
        }
    }
}
