using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>The file as a whole: encodings, the header, and the files an import refuses before writing anything.</summary>
    public sealed class ImportFileTests : IDisposable
    {
        private readonly ImportFixture _fixture = new ImportFixture();

        public void Dispose() => _fixture.Dispose();

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task UTF8_with_or_without_BOM_reads_the_same_header_and_values(bool bom)
        {
            var path = _fixture.WriteCsv(new[] { "UserPrincipalName,Provider,ProviderName", "zoë@contoso.com,ThirdParty,Téléconférence" }, bom);

            var summary = await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            Assert.Equal(1, summary.Created);
            var user = await _fixture.User("zoë@contoso.com");
            Assert.Equal("Téléconférence", user!.ProviderName);
        }

        [Fact]
        public async Task Columns_are_found_by_name_in_any_case_and_order_and_unknown_ones_are_listed_as_ignored()
        {
            var path = _fixture.WriteCsv(
                "LeaderPin,conferenceid,SERVICENUMBER,userPrincipalName,SendEmail",
                "1234,4715832,+1 425 555 0100,ashaw@contoso.com,True");

            var summary = await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            var user = await _fixture.User("ashaw@contoso.com");
            Assert.Equal("4715832", user!.ConferenceId);
            Assert.Equal("+14255550100", user.ServiceNumber);
            Assert.Equal(new[] { "LeaderPin", "SendEmail" }, summary.IgnoredColumns);
        }

        [Fact]
        public async Task SipAddress_names_the_user_when_there_is_no_UserPrincipalName_column()
        {
            var path = _fixture.WriteCsv("SipAddress,ConferenceId", "sip:Ashaw@Contoso.com,4715832");

            await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            Assert.Equal("4715832", (await _fixture.User("ashaw@contoso.com"))!.ConferenceId);
        }

        [Fact]
        public async Task UserPrincipalName_wins_over_SipAddress_when_both_are_there()
        {
            var path = _fixture.WriteCsv("SipAddress,UserPrincipalName,ConferenceId", "sip:old@contoso.com,ashaw@contoso.com,4715832");

            var summary = await _fixture.Import(path);

            Assert.NotNull(await _fixture.User("ashaw@contoso.com"));
            Assert.Null(await _fixture.User("old@contoso.com"));
            Assert.Equal(new[] { "SipAddress" }, summary.IgnoredColumns);
        }

        [Fact]
        public async Task A_file_without_a_user_column_is_one_InvalidImportFile_error_naming_its_columns_and_nothing_is_imported()
        {
            var path = _fixture.WriteCsv("Name,ConferenceId", "ashaw@contoso.com,4715832");

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Equal(path, error.Target);
            Assert.Contains("UserPrincipalName", error.Message);
            Assert.Contains("Name, ConferenceId", error.Message);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            Assert.Empty(await _fixture.Users());
        }

        [Theory]
        [InlineData("root:$y$j9T$SECRETHASHVALUE:19000:0:99999:7:::")]          // /etc/shadow given by mistake
        [InlineData("password=Sup3r$ecret!,token=eyJhbGciOiJIUzI1NiJ9")]          // a secrets file
        public async Task A_first_line_that_is_not_column_names_is_not_repeated_in_the_error(string firstLine)
        {
            var path = _fixture.WriteCsv(firstLine, "daemon:*:19000:0:99999:7:::");

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Contains("its first line is not a header of column names", error.Message);
            Assert.DoesNotContain("SECRET", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("eyJ", error.Message);
            Assert.Empty(await _fixture.Users());
        }

        [Fact]
        public async Task A_column_named_twice_is_refused_because_the_import_cannot_tell_which_holds_the_value()
        {
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId,conferenceID", "ashaw@contoso.com,4715832,1111111");

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Contains("ConferenceId twice", error.Message);
            Assert.Empty(await _fixture.Users());
        }

        [Fact]
        public async Task An_empty_file_is_InvalidImportFile()
        {
            var path = _fixture.WriteBytes(Array.Empty<byte>());

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Contains("empty", error.Message);
        }

        [Fact]
        public async Task A_header_only_file_imports_no_row()
        {
            var summary = await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,ConferenceId"));

            Assert.Equal(0, summary.Rows);
            Assert.Empty(_fixture.Errors);
        }

        [Fact]
        public async Task A_missing_file_is_InvalidImportFile_of_kind_ObjectNotFound()
        {
            var path = Path.Combine(Path.GetTempPath(), "mm-no-such-" + Guid.NewGuid().ToString("N") + ".csv");

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
            Assert.Equal(path, error.Target);
        }

        [Fact]
        public async Task Bytes_that_are_not_UTF8_far_into_the_file_refuse_the_whole_file_before_any_batch_is_written()
        {
            // 3,000 good rows (about 90 KB: more than the reader decodes ahead, so several batches could be written before
            // the bad byte is met), then a row with a Latin-1 byte (0xE9) that is not UTF-8.
            var good = Encoding.UTF8.GetBytes("UserPrincipalName,ConferenceId\r\n" +
                string.Concat(Enumerable.Range(0, 3000).Select(i => $"user{i}@contoso.com,{1000000 + i}\r\n")));
            var bad = new byte[] { (byte)'r', 0xE9, (byte)'@', (byte)'c', (byte)'.', (byte)'c', (byte)'o', (byte)'m', (byte)',', (byte)'5', (byte)'5', (byte)'5', (byte)'5', (byte)'\r', (byte)'\n' };
            var path = _fixture.WriteBytes(good.Concat(bad).ToArray());

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path, batchSize: 500));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Contains("not UTF-8", error.Message);
            Assert.Empty(await _fixture.Users());
            Assert.Empty(_fixture.Progress);
        }

        /// <summary>
        /// A BOM switched the reader to a lenient decoder: the bad byte became U+FFFD, stored in the user's JoinUrl and mailed at
        /// their next migration, and the other rows were imported (outside probe L).
        /// </summary>
        [Fact]
        public async Task Bytes_that_are_not_UTF8_in_a_file_with_a_BOM_refuse_the_whole_file_too()
        {
            var bytes = new UTF8Encoding(true).GetPreamble()
                .Concat(Encoding.UTF8.GetBytes("UserPrincipalName,JoinUrl\r\nashaw@contoso.com,https://meet.contoso.com/ashaw/K7\r\nzoe@contoso.com,https://meet.contoso.com/caf"))
                .Concat(new byte[] { 0xE9, (byte)'\r', (byte)'\n' }).ToArray();

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(_fixture.WriteBytes(bytes)));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Contains("not UTF-8", error.Message);
            Assert.Empty(await _fixture.Users());
        }

        [Fact]
        public async Task A_UTF16_file_is_not_UTF8_and_is_refused()
        {
            var path = _fixture.WriteBytes(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("UserPrincipalName,ConferenceId\r\nashaw@contoso.com,4715832\r\n")).ToArray());

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Import(path));

            Assert.Equal(ErrorIds.InvalidImportFile, error.ErrorId);
            Assert.Contains("not UTF-8", error.Message);
            Assert.Empty(await _fixture.Users());
        }
    }
}
