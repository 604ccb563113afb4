using System;
using System.Runtime.InteropServices;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// What kind of file a path names, on Linux. Opening a named pipe to read its header would wait for a writer for ever
    /// (Connect-MeetingMigration -StorePath /dev/stdin hung), and SQLite given a device such as /dev/null creates
    /// /dev/null-journal beside it. .NET reports neither as anything but a "Normal" file, so the kernel is asked (statx,
    /// whose layout is the same on every architecture).
    /// </summary>
    internal static class FileKind
    {
        private const int AtCurrentDirectory = -100;
        private const uint StatxType = 0x1;
        private const uint StatxInode = 0x100;
        private const int ModeOffset = 28;          // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, uid, gid, then u16 mode
        private const int TypeMask = 0xF000;

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int directory, string path, int flags, uint mask, byte[] buffer);

        /// <summary>
        /// The device and inode the path names now; null when it names nothing, or where this cannot be told (not Linux).
        /// A store compares it with what it opened to notice its file deleted or replaced under it.
        /// </summary>
        public static (ulong Device, ulong Inode)? IdentityOf(string path)
        {
            if (!(Stat(path, StatxInode) is byte[] buffer)) return null;
            // struct statx: u64 stx_ino at 32; u32 stx_dev_major at 136, stx_dev_minor at 140.
            var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
            return (device, BitConverter.ToUInt64(buffer, 32));
        }

        /// <summary>"a named pipe", "a device"... for a path that exists and is not a regular file; null otherwise, or where it cannot be told.</summary>
        public static string? Of(string path)
        {
            if (!(Stat(path, StatxType) is byte[] buffer)) return null; // missing (the store creates it), or not to be told
            switch (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask)
            {
                case 0x8000: return null;                     // a regular file
                case 0x1000: return "a named pipe";
                case 0x2000: return "a character device";
                case 0x6000: return "a block device";
                case 0xC000: return "a socket";
                case 0x4000: return null;                     // a folder: StorePathRules.Check says so in its own words
                default: return "a special file";
            }
        }

        /// <summary>
        /// statx's answer for <paramref name="mask"/>; null when the path names nothing, off Linux, with a C library without
        /// statx (glibc before 2.28), or when the kernel did not fill what was asked (then the open decides).
        /// </summary>
        private static byte[]? Stat(string path, uint mask)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return null;
            var buffer = new byte[256];
            try
            {
                if (Statx(AtCurrentDirectory, path, 0, mask, buffer) != 0) return null;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }
            return (BitConverter.ToUInt32(buffer, 0) & mask) == mask ? buffer : null;
        }
    }
}
