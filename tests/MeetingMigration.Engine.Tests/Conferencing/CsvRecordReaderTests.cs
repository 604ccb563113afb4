using System.Collections.Generic;
using System.IO;
using System.Linq;
using MeetingMigration.Engine.Conferencing;
using Xunit;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    public sealed class CsvRecordReaderTests
    {
        private static List<CsvRecord> ReadAll(string text)
        {
            var reader = new CsvRecordReader(new StringReader(text));
            var records = new List<CsvRecord>();
            for (var record = reader.Read(); record != null; record = reader.Read()) records.Add(record);
            return records;
        }

        private static string[] Fields(CsvRecord record) => record.Fields.ToArray();

        [Fact]
        public void Plain_fields_split_on_commas_and_records_on_any_line_ending()
        {
            var records = ReadAll("a,b,c\r\nd,e,f\ng,h,i\rj,k,l");

            Assert.Equal(4, records.Count);
            Assert.Equal(new[] { "a", "b", "c" }, Fields(records[0]));
            Assert.Equal(new[] { "d", "e", "f" }, Fields(records[1]));
            Assert.Equal(new[] { "g", "h", "i" }, Fields(records[2]));
            Assert.Equal(new[] { "j", "k", "l" }, Fields(records[3]));
            Assert.Equal(new long[] { 1, 2, 3, 4 }, records.Select(r => r.Line));
            Assert.All(records, r => Assert.Null(r.Problem));
        }

        [Fact]
        public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks_and_the_next_record_starts_on_its_own_line()
        {
            var records = ReadAll("\"a,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\"x\nover\nthree\",y\r\nlast,\"\"\r\n");

            Assert.Equal(3, records.Count);
            Assert.Equal(new[] { "a,1", "say \"hi\"", "two\r\nlines" }, Fields(records[0]));
            Assert.Equal(new[] { "x\nover\nthree", "y" }, Fields(records[1]));
            Assert.Equal(new[] { "last", "" }, Fields(records[2]));
            Assert.Equal(new long[] { 1, 3, 6 }, records.Select(r => r.Line));
            Assert.All(records, r => Assert.Null(r.Problem));
        }

        [Fact]
        public void Empty_fields_count_including_a_trailing_comma()
        {
            var records = ReadAll("a,,c,\n,\n");

            Assert.Equal(new[] { "a", "", "c", "" }, Fields(records[0]));
            Assert.Equal(new[] { "", "" }, Fields(records[1]));
        }

        [Fact]
        public void Blank_lines_are_skipped_and_do_not_shift_line_numbers()
        {
            var records = ReadAll("h1,h2\r\n\r\nv1,v2\n\n\n");

            Assert.Equal(2, records.Count);
            Assert.Equal(new[] { "v1", "v2" }, Fields(records[1]));
            Assert.Equal(3, records[1].Line);
        }

        [Fact]
        public void A_quote_inside_an_unquoted_field_is_text()
        {
            var record = Assert.Single(ReadAll("5\" screen,ok"));

            Assert.Equal(new[] { "5\" screen", "ok" }, Fields(record));
            Assert.Null(record.Problem);
        }

        [Fact]
        public void Text_after_a_closing_quote_makes_the_record_malformed_and_reading_resumes_on_the_next_line()
        {
            var records = ReadAll("\"abc\"def,x,y\nnext,row\n");

            Assert.Equal(2, records.Count);
            Assert.NotNull(records[0].Problem);
            Assert.Contains("closing quote", records[0].Problem);
            Assert.Equal(new[] { "next", "row" }, Fields(records[1]));
            Assert.Null(records[1].Problem);
            Assert.Equal(2, records[1].Line);
        }

        [Fact]
        public void A_quote_left_open_is_reported_with_the_line_it_opened_on()
        {
            var records = ReadAll("ok,1\nbad,\"never closed\nstill,inside\n");

            Assert.Equal(2, records.Count);
            Assert.Null(records[0].Problem);
            Assert.Equal(2, records[1].Line);
            Assert.Contains("not closed", records[1].Problem);
            Assert.Contains("line 2", records[1].Problem);
        }

        [Fact]
        public void A_field_longer_than_the_limit_is_cut_and_reported_instead_of_held()
        {
            var huge = new string('x', CsvRecordReader.MaxFieldLength + 10);
            var records = ReadAll($"a,{huge}\nb,c\n");

            Assert.Equal(2, records.Count);
            Assert.Equal(CsvRecordReader.MaxFieldLength, records[0].Fields[1].Length);
            Assert.Contains("longer than", records[0].Problem);
            Assert.Equal(new[] { "b", "c" }, Fields(records[1]));
        }

        [Fact]
        public void Empty_input_has_no_record()
        {
            Assert.Empty(ReadAll(""));
            Assert.Empty(ReadAll("\r\n\n"));
        }
    }
}
