using System;
using System.IO;
using System.Linq;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>A path no store can have is InvalidStorePath with a short, inert message, and nothing is created for it.</summary>
    public sealed class StorePathTests : IDisposable
    {
        private readonly TempStoreFile _temp = new TempStoreFile();

        public void Dispose() => _temp.Dispose();

        private MeetingMigrationException Refused(string path)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => SqliteMigrationStore.Open(path));
            Assert.Equal(ErrorIds.InvalidStorePath, error.ErrorId);
            Assert.Equal(path, error.Target);
            Assert.True(error.Message.Length < 400, $"message of {error.Message.Length} characters");
            Assert.Equal(-1, QuotedValue.IndexOfEscaped(error.Message));
            Assert.NotNull(error.RecommendedAction);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Folder));
            return error;
        }

        [Theory]
        [InlineData("   ")]
        [InlineData("\t")]
        [InlineData("")]
        public void A_blank_path_is_refused(string path) => Assert.Contains("blank", Refused(path).Message);

        [Fact]
        public void A_path_whose_file_name_is_blank_is_refused() => Assert.Contains("names no file", Refused(Path.Combine(_temp.Folder, "   ")).Message);

        [Fact]
        public void A_path_ending_in_a_separator_is_refused() =>
            Assert.Contains("names no file", Refused(_temp.Folder + Path.DirectorySeparatorChar + "sub" + Path.DirectorySeparatorChar).Message);

        [Fact]
        public void A_folder_is_refused() => Assert.Contains("is a folder", Refused(_temp.Folder).Message);

        [Fact]
        public void A_100000_character_path_is_refused_with_a_short_message_giving_its_length()
        {
            var path = Path.Combine(_temp.Folder, new string('a', 100000));

            var error = Refused(path);

            Assert.Contains($"({path.Length} characters)", error.Message);
        }

        [Theory]
        [InlineData("store\0.db", "\\0")]
        [InlineData("store\r\n.db", "\\r\\n")]
        [InlineData("store\u202Ebd.exe", "\\u202E")]
        public void Control_and_bidi_characters_are_refused_and_shown_escaped(string name, string shown)
        {
            var error = Refused(Path.Combine(_temp.Folder, name));

            Assert.Contains(shown, error.Message);
        }

        [Fact]
        public void A_file_name_too_long_for_the_file_system_is_refused_without_repeating_the_os_text()
        {
            var error = Refused(Path.Combine(_temp.Folder, new string('b', 300) + ".db"));

            Assert.Contains("(", error.Message);
            Assert.True(error.Message.Split(new string('b', 80)).Length <= 3, "the name is shown once or twice at most, shortened");
        }

        [Fact]
        public void A_good_path_still_opens()
        {
            using var store = SqliteMigrationStore.Open(Path.Combine(_temp.Folder, "sub", "store.db"));
            Assert.True(File.Exists(Path.Combine(_temp.Folder, "sub", "store.db")));
        }
    }
}
