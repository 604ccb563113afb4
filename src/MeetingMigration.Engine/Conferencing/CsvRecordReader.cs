using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>One record of a CSV file: its fields, the line it starts on, and why it is malformed (null when it is not).</summary>
    public sealed class CsvRecord
    {
        internal CsvRecord(IReadOnlyList<string> fields, long line, string? problem)
        {
            Fields = fields;
            Line = line;
            Problem = problem;
        }

        public IReadOnlyList<string> Fields { get; }
        /// <summary>1-based line of the file where the record starts (a quoted field can span lines).</summary>
        public long Line { get; }
        public string? Problem { get; }
    }

    /// <summary>
    /// Reads RFC 4180 records one at a time, so a file of any length is never held whole: fields separated by commas,
    /// records by CRLF, LF or CR; a field in double quotes may hold commas, line breaks and doubled quotes. A malformed
    /// record (a quote left open, text after a closing quote) comes back with its Problem and reading goes on with the
    /// next line, so one bad row does not stop an import. Blank lines are skipped: spreadsheets leave them at the end.
    /// A quote inside an unquoted field is kept as text, as spreadsheets read it.
    /// </summary>
    public sealed class CsvRecordReader
    {
        /// <summary>Longer fields are cut and their record reported, so a quote left open cannot pull the file into memory.</summary>
        public const int MaxFieldLength = 65536;
        /// <summary>More fields than this make the record malformed (and are not kept), for the same reason.</summary>
        public const int MaxFields = 1024;

        private readonly TextReader _reader;
        private long _line = 1;
        private int _pending = -1;

        public CsvRecordReader(TextReader reader) => _reader = reader;

        /// <summary>The next record, or null at the end of the input.</summary>
        public CsvRecord? Read()
        {
            int c;
            // Blank lines between records are no records.
            while (true)
            {
                c = Next();
                if (c == -1) return null;
                if (c == '\r' || c == '\n') { EndOfLine(c); continue; }
                break;
            }

            var start = _line;
            var fields = new List<string>();
            var field = new StringBuilder();
            string? problem = null;
            while (true)
            {
                if (c == '"')
                {
                    // Quoted field: until a quote that is not doubled.
                    while (true)
                    {
                        c = Next();
                        if (c == -1)
                        {
                            problem ??= $"a quoted field opened on line {start} is not closed before the end of the file";
                            Add(fields, field, ref problem);
                            return new CsvRecord(fields, start, problem);
                        }
                        if (c == '"')
                        {
                            if (Peek() == '"') { Next(); Append(field, '"', ref problem); continue; }
                            break;
                        }
                        if (c == '\r' || c == '\n')
                        {
                            // A line break inside quotes is part of the value, as written (CRLF stays CRLF).
                            Append(field, (char)c, ref problem);
                            if (c == '\r' && Peek() == '\n') { Next(); Append(field, '\n', ref problem); }
                            _line++;
                            continue;
                        }
                        Append(field, (char)c, ref problem);
                    }
                    c = Next();
                    if (c != ',' && c != '\r' && c != '\n' && c != -1)
                    {
                        problem ??= $"text follows the closing quote of field {fields.Count + 1} (a quote inside a quoted field is written twice: \"\")";
                        // Resynchronise at the end of the line: the rest of this record cannot be trusted.
                        while (c != '\r' && c != '\n' && c != -1) c = Next();
                    }
                }
                else
                {
                    while (c != ',' && c != '\r' && c != '\n' && c != -1)
                    {
                        Append(field, (char)c, ref problem);
                        c = Next();
                    }
                }

                Add(fields, field, ref problem);
                if (c == ',')
                {
                    c = Next();
                    // A comma at the very end of a record leaves one empty field after it.
                    if (c == '\r' || c == '\n' || c == -1)
                    {
                        Add(fields, field, ref problem);
                        if (c != -1) EndOfLine(c);
                        return new CsvRecord(fields, start, problem);
                    }
                    continue;
                }
                if (c != -1) EndOfLine(c);
                return new CsvRecord(fields, start, problem);
            }
        }

        private static void Append(StringBuilder field, char c, ref string? problem)
        {
            if (field.Length < MaxFieldLength) field.Append(c);
            else problem ??= $"a field is longer than {MaxFieldLength} characters";
        }

        private static void Add(List<string> fields, StringBuilder field, ref string? problem)
        {
            if (fields.Count < MaxFields) fields.Add(field.ToString());
            else problem ??= $"the record has more than {MaxFields} fields";
            field.Clear();
        }

        private void EndOfLine(int c)
        {
            if (c == '\r' && Peek() == '\n') Next();
            _line++;
        }

        private int Next()
        {
            if (_pending != -1)
            {
                var c = _pending;
                _pending = -1;
                return c;
            }
            return _reader.Read();
        }

        private int Peek()
        {
            if (_pending == -1) _pending = _reader.Read();
            return _pending;
        }
    }
}
