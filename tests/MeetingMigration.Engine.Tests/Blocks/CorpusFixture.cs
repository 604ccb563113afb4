using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// A corpus body with its expected block. Fixture files mark the block with {{BLOCK}} … {{/BLOCK}}; the markers are
    /// removed to get the body, and their positions give the expected Start/Length. Files are stored with LF line ends;
    /// a case can ask for CRLF, which is applied before the markers are removed.
    /// </summary>
    public sealed class CorpusFixture
    {
        public const string StartMarker = "{{BLOCK}}";
        public const string EndMarker = "{{/BLOCK}}";

        private CorpusFixture(string body, int expectedStart, int expectedLength)
        {
            Body = body;
            ExpectedStart = expectedStart;
            ExpectedLength = expectedLength;
        }

        public string Body { get; }

        /// <summary>-1 when the fixture marks no block.</summary>
        public int ExpectedStart { get; }

        public int ExpectedLength { get; }

        public string ExpectedBlock => Body.Substring(ExpectedStart, ExpectedLength);

        public static CorpusFixture Load(string fileName, bool crlf = false)
        {
            string raw = File.ReadAllText(Path.Combine(CorpusDirectory(), fileName)).Replace("\r\n", "\n");
            if (crlf) raw = raw.Replace("\n", "\r\n");
            int start = raw.IndexOf(StartMarker, StringComparison.Ordinal);
            if (start < 0) return new CorpusFixture(raw, -1, 0);

            string withoutStart = raw.Remove(start, StartMarker.Length);
            int end = withoutStart.IndexOf(EndMarker, StringComparison.Ordinal);
            if (end < 0) throw new InvalidDataException($"{fileName}: {StartMarker} without {EndMarker}.");
            return new CorpusFixture(withoutStart.Remove(end, EndMarker.Length), start, end - start);
        }

        /// <summary>
        /// The copy next to the test assembly when the project copies Blocks/Corpus to the output, else the source
        /// folder (found from this file's compile-time path). Missing fixtures fail the test; they are never skipped.
        /// </summary>
        private static string CorpusDirectory([CallerFilePath] string thisFile = "")
        {
            string output = Path.Combine(AppContext.BaseDirectory, "Blocks", "Corpus");
            if (Directory.Exists(output)) return output;
            string source = Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "Corpus");
            if (Directory.Exists(source)) return source;
            throw new DirectoryNotFoundException($"Block corpus not found in '{output}' or '{source}'.");
        }
    }
}
