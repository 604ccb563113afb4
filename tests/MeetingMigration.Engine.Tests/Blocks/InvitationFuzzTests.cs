using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Errors;
using Xunit;
using Xunit.Abstractions;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// Issue 10's invitation fuzzing: every block of the corpus, put between generated text (astral, CJK, right-to-left,
    /// combining marks, nested tables, comments, malformed HTML, huge bodies), alone, twice, or cut in half. The promise
    /// checked on each: outside the block every character stays as it was, or the meeting is refused with a reason.
    /// The default run is a few thousand seeded cases; MM_FUZZ_CASES=100000 runs the long version (docs/reliability.md);
    /// MM_FUZZ_DEBUG=1 adds the body around a half block's finding to its failure message.
    /// </summary>
    public sealed class InvitationFuzzTests
    {
        private readonly ITestOutputHelper _output;

        public InvitationFuzzTests(ITestOutputHelper output) => _output = output;

        private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MM_FUZZ_CASES"), out var n) && n > 0 ? n : 3000;

        /// <summary>MM_FUZZ_FIRST=N starts at seed N (a failing seed replayed on its own: MM_FUZZ_FIRST=N MM_FUZZ_CASES=N+1).</summary>
        private static int FirstSeed => int.TryParse(Environment.GetEnvironmentVariable("MM_FUZZ_FIRST"), out var n) && n > 0 ? Math.Min(n, Cases) : 0;

        private static readonly ConferencingCoordinates Fresh = new ConferencingCoordinates
        {
            JoinUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_RnV6eg%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d",
            MeetingId = "456789012345", Passcode = "Fz9q", ConferenceId = "123456789", TollNumber = "+1 555-010-4242",
            TollFreeNumbers = new[] { "+1 888-555-0100" }, DialInUrl = "https://dialin.teams.microsoft.com/fuzz?id=123456789",
        };

        /// <summary>The block of every corpus body that has one, with its format.</summary>
        private static readonly IReadOnlyList<(string Name, string Block, BodyFormat Format)> Blocks = CorpusCases.All
            .Where(c => c.Status == BlockScanStatus.Found && !c.Crlf)
            .Select(c =>
            {
                var body = CorpusFixture.Load(c.File, c.Crlf).Body;
                return (c.File, BlockScanner.Scan(body, c.Format).Match!.Text, c.Format);
            })
            .ToList();

        [Fact]
        public void Outside_the_block_nothing_changes_or_the_meeting_is_refused_with_a_reason()
        {
            var tally = new Dictionary<string, int>(StringComparer.Ordinal);
            void Count(string what) => tally[what] = tally.TryGetValue(what, out var n) ? n + 1 : 1;

            for (var seed = FirstSeed; seed < Cases; seed++)
            {
                var random = new Random(seed);
                var (name, block, format) = Blocks[random.Next(Blocks.Count)];
                var noise = new Noise(random, format);
                var prefix = noise.Text(random.Next(20) == 0 ? 200_000 : random.Next(0, 3000));
                var suffix = noise.Text(random.Next(0, 3000));
                // In plain text a block's fences are whole lines; most cases keep them so, the rest glue them to the text.
                if (format == BodyFormat.Text && random.Next(5) != 0)
                {
                    prefix = prefix.Length == 0 ? prefix : prefix + "\r\n";
                    suffix = "\r\n" + suffix;
                }
                var shape = random.Next(10);
                var context = $"seed {seed}, block {name}, shape {shape}";

                if (shape < 7)
                {
                    // One whole block: found exactly where it was put and replaced by index, or refused with a reason.
                    var body = prefix + block + suffix;
                    var scan = BlockScanner.Scan(body, format);
                    if (scan.Status != BlockScanStatus.Found)
                    {
                        Assert.False(string.IsNullOrWhiteSpace(scan.Reason), context);
                        Count("one block: refused with a reason");
                        continue;
                    }
                    // Within the block put there (exactly it, almost always; narrower when malformed markup before it
                    // swallowed the block's first tag): then nothing outside it can change.
                    Assert.True(scan.Match!.Start >= prefix.Length && scan.Match.Start + scan.Match.Length <= prefix.Length + block.Length,
                        $"{context}: found [{scan.Match.Start}, {scan.Match.Start + scan.Match.Length}) instead of [{prefix.Length}, {prefix.Length + block.Length}); " +
                        $"before the block: {Shown(prefix.Substring(Math.Max(0, prefix.Length - 120)))}; block starts {Shown(block.Substring(0, Math.Min(160, block.Length)))}");
                    var result = BodySplicer.Replace(body, scan.Match, BlockRenderer.Render(MeetingKind.Teams, Fresh, format, scan.Match));
                    Assert.True(result.StartsWith(prefix, StringComparison.Ordinal) && result.EndsWith(suffix, StringComparison.Ordinal), context);
                    Count(scan.Match.Start == prefix.Length && scan.Match.Length == block.Length
                        ? "one block: replaced, outside identical"
                        : "one block: a narrower part of it replaced (malformed markup at its edge), outside identical");
                }
                else if (shape < 9)
                {
                    // The block twice: which one to replace is not certain, so neither is.
                    var middle = noise.Text(random.Next(0, 500));
                    var body = prefix + block + middle + block + suffix;
                    var scan = BlockScanner.Scan(body, format);
                    Assert.True(scan.Status != BlockScanStatus.Found,
                        $"{context}: a body with two blocks was accepted: {scan}; blocks at {prefix.Length} and {prefix.Length + block.Length + middle.Length}, " +
                        $"{block.Length} long, between them {Shown(middle)}");
                    Assert.False(string.IsNullOrWhiteSpace(scan.Reason), context);
                    Count("two blocks: refused with a reason");
                }
                else
                {
                    // Half a block: refused, or whatever is found lies inside the half, so nothing outside it changes.
                    var half = block.Substring(0, random.Next(1, block.Length));
                    var body = prefix + half + suffix;
                    var scan = BlockScanner.Scan(body, format);
                    if (scan.Status != BlockScanStatus.Found)
                    {
                        Assert.False(string.IsNullOrWhiteSpace(scan.Reason), context);
                        Count("half a block: refused with a reason");
                        continue;
                    }
                    int end = scan.Match!.Start + scan.Match.Length, cut = prefix.Length + half.Length;
                    if (scan.Match.Start >= prefix.Length && end > cut && EndsWithWholeFence(half, format) && OnlyEndTags(body.Substring(cut, end - cut)))
                    {
                        // Cut inside the closing fence with a whole fence's worth of it left: that is a complete block with a
                        // shorter fence, and the end tags that follow (the text's, here) close the fence's elements, as
                        // they would in a block typed so. The splice keeps everything after them.
                        var spliced = BodySplicer.Replace(body, scan.Match, BlockRenderer.Render(MeetingKind.Teams, Fresh, format, scan.Match));
                        Assert.True(spliced.StartsWith(prefix, StringComparison.Ordinal) && spliced.EndsWith(body.Substring(end), StringComparison.Ordinal), context);
                        Count("half a block: cut in its closing fence, a whole fence left, the end tags after it taken");
                        continue;
                    }
                    Assert.True(scan.Match.Start >= prefix.Length && end <= cut,
                        $"{context}: a block was found reaching outside the half block [{prefix.Length}, {cut}): {scan}; " +
                        $"after the half: {Shown(suffix.Substring(0, Math.Min(400, suffix.Length)))}" + (Environment.GetEnvironmentVariable("MM_FUZZ_DEBUG") == "1" ? " BODY: " + Shown(body.Substring(Math.Max(0, scan.Match.Start - 300), Math.Min(body.Length - Math.Max(0, scan.Match.Start - 300), 900))) : ""));
                    Count("half a block: a complete block inside it");
                }
            }

            foreach (var pair in tally.OrderBy(p => p.Key, StringComparer.Ordinal)) _output.WriteLine($"{pair.Key}: {pair.Value}");
            Console.WriteLine("Invitation fuzzing, " + Cases + " cases: " + string.Join("; ", tally.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
            Assert.Equal(Cases - FirstSeed, tally.Values.Sum());
            // (A replay of a few seeds is too small for this.)
            if (Cases - FirstSeed >= 100)
                Assert.True(tally.GetValueOrDefault("one block: replaced, outside identical") > (Cases - FirstSeed) / 4,
                "most whole blocks are found: a scanner that refused everything would pass the other checks");
        }

        /// <summary>The text ends in a run of fence characters long enough for the scanner to count it as a fence line.</summary>
        private static bool EndsWithWholeFence(string text, BodyFormat format)
        {
            if (format != BodyFormat.Html || text.Length == 0 || (text[^1] != '.' && text[^1] != '_')) return false;
            int run = text.Length - text.TrimEnd(text[^1]).Length;
            return run >= (text[^1] == '.' ? FenceLines.MinDots : FenceLines.MinUnderscores);
        }

        /// <summary>Nothing but end tags (an element's closing markup, no text).</summary>
        private static bool OnlyEndTags(string text) => System.Text.RegularExpressions.Regex.IsMatch(text, @"\A(?:</[A-Za-z][A-Za-z0-9:]*>)+\z");

        /// <summary>Body text in a failure message: escaped as the engine's messages quote values, not cut short.</summary>
        private static string Shown(string text) => "'" + QuotedValue.Inert(text, int.MaxValue) + "'";

        /// <summary>Text of the body's own format that a careless rewrite would alter, and markup that could confuse a scanner.</summary>
        private sealed class Noise
        {
            private static readonly string[] Scripts =
            {
                "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e", "\U0001F389\U0001F600\U0001F9D1\u200D\U0001F4BB", "\u6f22\u5b57\u304b\u306a\u30ab\u30ca \ud55c\uad6d\uc5b4",
                "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd", "e\u0301 a\u0308 n\u0303 \u0915\u094d\u0937", "\u202Eevil\u202C \u200B\u200F", "Q3&lt;Q4 &amp; &#8212; &nbsp;",
                "tel:+1 555 0100,,123#", "https://teams.microsoft.com/l/meetup-join/not-a-block", "Conference ID: 999 but no block",
            };

            private static readonly string[] Markup =
            {
                "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>", "<!-- a comment <div> -->", "<div", "<p <b>odd</p>",
                "</span></div>", "< not a tag", "<br/>", "<style>p{margin:0}</style>", "<![CDATA[x]]>", "<a href='x>y'>link</a>", "<o:p></o:p>",
                "<div class=\"me-email-text\">lookalike</div>", "________________________________________________________________________________",
            };

            private readonly Random _random;
            private readonly BodyFormat _format;

            public Noise(Random random, BodyFormat format)
            {
                _random = random;
                _format = format;
            }

            public string Text(int length)
            {
                var text = new StringBuilder(length + 64);
                while (text.Length < length)
                {
                    if (_format == BodyFormat.Html && _random.Next(3) == 0) text.Append(Markup[_random.Next(Markup.Length)]);
                    else text.Append(Scripts[_random.Next(Scripts.Length)]);
                    text.Append(_random.Next(4) switch { 0 => "\r\n", 1 => "\n", 2 => " ", _ => "\t" });
                }
                return text.ToString();
            }
        }
    }
}
