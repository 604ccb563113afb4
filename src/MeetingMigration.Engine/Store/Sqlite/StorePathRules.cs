using System;
using System.IO;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// What a store path must be before anything is created for it: a file name (not blank, not a folder), of printable
    /// characters, no longer than a file system takes. Checked up front so a bad path is InvalidStorePath with a reason of
    /// ours, instead of a file named by whitespace, or SQLite's or the OS's text repeating a 100,000-character path.
    /// </summary>
    public static class StorePathRules
    {
        /// <summary>Linux's PATH_MAX; Windows takes longer paths, but no store needs one.</summary>
        public const int MaxLength = 4096;

        /// <summary>Refuses what no path can be, as typed (before PowerShell resolves it against the current location).</summary>
        public static void CheckTyped(string? path)
        {
            if (path == null || path.Trim().Length == 0)
                throw Invalid(path, "it is empty or blank", "Give a path to a file, such as ~/meetingmigration.db.");
            if (path.Length > MaxLength)
                throw Invalid(path, $"it is {path.Length} characters long; a store path has at most {MaxLength}",
                    "Give a shorter path, such as ~/meetingmigration.db.");
            // NUL ends a path in the OS; line breaks, other control characters and bidi controls make a file name that is
            // shown as something else.
            var bad = QuotedValue.IndexOfEscaped(path);
            if (bad >= 0)
                throw Invalid(path, $"it contains the character U+{(int)path[bad]:X4}, which a store path cannot hold",
                    "Give a path of printable characters, such as ~/meetingmigration.db.");
        }

        /// <summary>Checks a path and returns it in full; throws InvalidStorePath.</summary>
        public static string Check(string? path)
        {
            CheckTyped(path);
            string fullPath;
            try
            {
                fullPath = Path.GetFullPath(path!);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                throw Invalid(path, "it is not a valid path", "Give a path to a file, such as ~/meetingmigration.db.", e);
            }
            var name = Path.GetFileName(fullPath);
            if (name.Trim().Length == 0)
                throw Invalid(path, "it names no file (its last part is empty or blank)", "Give a path that ends in a file name, such as ~/meetingmigration.db.");
            if (Directory.Exists(fullPath))
                throw Invalid(path, "it is a folder", $"Give a file in it, such as {QuotedValue.Of(Path.Combine(fullPath, "store.db"))}.");
            return fullPath;
        }

        /// <summary>Why the OS refused to create the folder or file, in words that do not repeat the path.</summary>
        internal static MeetingMigrationException Refused(string path, Exception e)
        {
            string reason;
            if (e is PathTooLongException) reason = "it is longer than this file system allows";
            else if (e is UnauthorizedAccessException) reason = "you may not create or write files there";
            else if (e is DirectoryNotFoundException) reason = "a folder on it cannot be created";
            else if (e is FileNotFoundException) reason = "a part of it does not exist";
            else reason = "the file system refused it (" + QuotedValue.Inert(e.Message, 160) + ")";
            return Invalid(path, reason, "Give a path to a file in a folder you can write to, such as ~/meetingmigration.db.", e, checkedFirst: false);
        }

        /// <summary>
        /// An existing file that is not a store (a SQLite database starts with this header; an empty file becomes one). Read
        /// before anything touches the file: until 2026-12-04 "-StorePath ../../etc/passwd" made /etc/passwd owner-only (0600)
        /// before SQLite refused it, which stopped every other account from looking up user names.
        /// </summary>
        internal static void CheckExistingFile(string fullPath)
        {
            if (FileKind.Of(fullPath) is string other)
                throw NotAStore(fullPath, $"it is {other}, not a regular file");
            byte[] header;
            try
            {
                using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (file.Length == 0) return;
                header = new byte[SqliteHeader.Length];
                var read = 0;
                int n;
                while (read < header.Length && (n = file.Read(header, read, header.Length - read)) > 0) read += n;
                if (read == header.Length && header.AsSpan().SequenceEqual(SqliteHeader)) return;
            }
            catch (FileNotFoundException) { return; }       // created by the store
            catch (DirectoryNotFoundException) { return; }  // its folder too
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Refused(fullPath, e);
            }
            throw NotAStore(fullPath, "it is a file that is not a SQLite database");
        }

        /// <summary>"SQLite format 3" and a NUL: the first 16 bytes of every SQLite database file.</summary>
        private static readonly byte[] SqliteHeader = System.Text.Encoding.ASCII.GetBytes("SQLite format 3\0");

        /// <summary>A file the store must not write to or change the mode of: the admin's own, or another program's.</summary>
        internal static MeetingMigrationException NotAStore(string path, string reason) =>
            Invalid(path, $"{reason}, so not a MeetingMigration store", "Give the path of a MeetingMigration store, or of a file that does not exist yet (it is created there).",
                outcome: "nothing was changed");

        /// <param name="outcome">What the refusal left as it was; by default nothing was created for the path.</param>
        private static MeetingMigrationException Invalid(string? path, string reason, string action, Exception? inner = null, bool checkedFirst = true,
            string outcome = "nothing was created") =>
            new MeetingMigrationException(ErrorIds.InvalidStorePath, ErrorKind.InvalidArgument,
                $"The store path {QuotedValue.Of(path)} cannot be used: {reason}{(checkedFirst ? "; " + outcome : "")}.", path, action, inner);
    }
}
