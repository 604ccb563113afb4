using System;
using System.IO;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>A fresh folder for one test's store file (and scripts); removed afterwards.</summary>
    public sealed class TempStore : IDisposable
    {
        public TempStore()
        {
            Folder = Path.Combine(Path.GetTempPath(), "mm-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            StorePath = Path.Combine(Folder, "store.db");
        }

        public string Folder { get; }
        public string StorePath { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open (Windows) is left for the OS to clean; it never affects another test.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
