using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Blocks;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>What each corpus body must scan to.</summary>
    public sealed class CorpusCase
    {
        public string File { get; set; } = "";
        public bool Crlf { get; set; }
        public BlockScanStatus Status { get; set; }
        public MeetingKind Kind { get; set; }
        public string? Layout { get; set; }
        public string? Language { get; set; }
        public ConferencingCoordinates? Coordinates { get; set; }

        /// <summary>For statuses other than Found: a phrase the reason must contain.</summary>
        public string? ReasonContains { get; set; }

        public BodyFormat Format => File.EndsWith(".html", StringComparison.Ordinal) ? BodyFormat.Html : BodyFormat.Text;

        public override string ToString() => File + (Crlf ? " (CRLF)" : "");
    }

    public static class CorpusCases
    {
        public const string Teams1Url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ4ZTkwYmQtZjQ1Ni00ZmFiLWE1YjYtMmM3NTcxZDQ2YWQ0%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-2222-3333-444444444444%22%2c%22Oid%22%3a%2255555555-6666-7777-8888-999999999999%22%7d";
        public const string Teams2Url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_OGQ1ZjM0YzEtOTk5OS00ZDJiLWJkNmMtNzE2ODE1YTNjMzQ4%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-2222-3333-444444444444%22%2c%22Oid%22%3a%2255555555-6666-7777-8888-999999999999%22%7d";
        public const string Teams3Url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZWI3NjUwOGItZDQzNy00ODg1LWE5NzEtMTc0YWY1ZDhlOTcw%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-2222-3333-444444444444%22%2c%22Oid%22%3a%2255555555-6666-7777-8888-999999999999%22%7d";
        public const string Teams4Url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_YjE5NTQ0ZTAtMzMzMy00YzNjLTg4ODgtMTIzNDU2Nzg5MGFi%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-2222-3333-444444444444%22%2c%22Oid%22%3a%2255555555-6666-7777-8888-999999999999%22%7d";
        public const string Teams5Url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZjA5ODc2NTQtNTU1NS00YWFhLWJiYmItY2NjY2RkZGRlZWVl%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-2222-3333-444444444444%22%2c%22Oid%22%3a%2255555555-6666-7777-8888-999999999999%22%7d";
        public const string SkypeUrl = "https://meet.fabrikam.example/meet/avery.lind/K7Q2ZP4M";

        private static readonly string[] None = Array.Empty<string>();
        private const string PinPage = "https://dialin.teams.microsoft.com/usp/pstnconferencing";

        public static IReadOnlyList<CorpusCase> All { get; } = new[]
        {
            Found("skype-en.html", MeetingKind.SkypeForBusiness, "Skype", "en-US", new ConferencingCoordinates
            {
                JoinUrl = SkypeUrl, ConferenceId = "8812345", TollNumber = "+1 (555) 014-2233", TollFreeNumbers = new[] { "+1 (800) 555-0199" },
                DialInUrl = "https://dialin.fabrikam.example/?lang=en-US",
            }),
            Found("skype-en.html", MeetingKind.SkypeForBusiness, "Skype", "en-US", new ConferencingCoordinates
            {
                JoinUrl = SkypeUrl, ConferenceId = "8812345", TollNumber = "+1 (555) 014-2233", TollFreeNumbers = new[] { "+1 (800) 555-0199" },
                DialInUrl = "https://dialin.fabrikam.example/?lang=en-US",
            }, crlf: true),
            Found("skype-de-copy.html", MeetingKind.SkypeForBusiness, "Skype", "de-DE", new ConferencingCoordinates
            {
                JoinUrl = "https://meet.fabrikam.example/meet/jonas.weber/Q3ZT8K1W", ConferenceId = "5503921", TollNumber = "+49 69 5550 9876",
                TollFreeNumbers = new[] { "+49 800 5550111" }, DialInUrl = "https://dialin.fabrikam.example/?lang=de-DE",
            }),
            Found("teams1-en.html", MeetingKind.Teams, "Teams1", "en-US", new ConferencingCoordinates
            {
                JoinUrl = Teams1Url, ConferenceId = "482913507", TollNumber = "+1 555-017-3344", TollFreeNumbers = new[] { "+1 833-555-0123" },
                DialInUrl = "https://dialin.teams.microsoft.com/0a1b2c3d-0000-4000-8000-1234567890ab?id=482913507",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?organizerId=1&tenantId=2",
            }),
            Found("teams2-fr.html", MeetingKind.Teams, "Teams2", "fr-FR", new ConferencingCoordinates
            {
                JoinUrl = Teams2Url, ConferenceId = "771203948", TollNumber = "+33 1 55 55 01 00", TollFreeNumbers = new[] { "+33 805 55 01 00" },
                DialInUrl = "https://dialin.teams.microsoft.com/4f4f4f4f-1111-4222-8333-444455556666?id=771203948",
                MeetingId = "352118604927", Passcode = "Xy7&q2",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?organizerId=3&tenantId=4&threadId=19_meeting", ResetPinUrl = PinPage,
            }, crlf: true),
            Found("teams3-es-forwarded.html", MeetingKind.Teams, "Teams3", "es-ES", new ConferencingCoordinates
            {
                JoinUrl = Teams3Url, ConferenceId = "640017239", TollNumber = "+34 915 55 01 44", TollFreeNumbers = None,
                DialInUrl = "https://dialin.teams.microsoft.com/9e9e9e9e-aaaa-4bbb-8ccc-ddddeeeeffff?id=640017239",
                MeetingId = "291004773615", Passcode = "pQ9mZ2",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y", ResetPinUrl = PinPage,
                VideoConferencing = new VideoConferencingDetails("fabrikam@m.webex.com", "1182239047", null),
            }),
            Found("teams4-ja.html", MeetingKind.Teams, "Teams4", "ja-JP", new ConferencingCoordinates
            {
                JoinUrl = Teams4Url, ConferenceId = "915336204", TollNumber = "+81 3-5550-0123", TollFreeNumbers = None,
                DialInUrl = "https://dialin.teams.microsoft.com/7b7b7b7b-1234-4567-89ab-cdefcdefcdef?id=915336204",
                MeetingId = "27741930566281", Passcode = "Hk2ZrT",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?a=1&b=2",
            }),
            Found("teams4-en-nocontainer.html", MeetingKind.Teams, "Teams4", "en", new ConferencingCoordinates
            {
                JoinUrl = Teams5Url, TollFreeNumbers = None, MeetingId = "31559024417730", Passcode = "ZqW3rT",
            }),
            Found("skype-en.txt", MeetingKind.SkypeForBusiness, "Skype", "en-US", new ConferencingCoordinates
            {
                JoinUrl = SkypeUrl, ConferenceId = "8812345", TollNumber = "+1 (555) 014-2233", TollFreeNumbers = new[] { "+1 (800) 555-0199" },
                DialInUrl = "https://dialin.fabrikam.example/?lang=en-US",
            }),
            Found("skype-fr.txt", MeetingKind.SkypeForBusiness, "Skype", "fr-FR", new ConferencingCoordinates
            {
                JoinUrl = "https://meet.contoso-fr.example/meet/c.dupont/3XW9LRTQ", ConferenceId = "4471190", TollNumber = "+33 1 55 55 02 00",
                TollFreeNumbers = new[] { "+33 800 55 55 03" }, DialInUrl = "https://dialin.contoso-fr.example/",
            }, crlf: true),
            Found("teams1-en.txt", MeetingKind.Teams, "Teams1", "en", new ConferencingCoordinates
            {
                JoinUrl = Teams1Url, ConferenceId = "482913507", TollNumber = "+1 555-017-3344", TollFreeNumbers = new[] { "+1 833-555-0123" },
                DialInUrl = "https://dialin.teams.microsoft.com/0a1b2c3d-0000-4000-8000-1234567890ab?id=482913507",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?organizerId=1&tenantId=2",
            }, crlf: true),
            Found("teams2-de.txt", MeetingKind.Teams, "Teams2", "de", new ConferencingCoordinates
            {
                JoinUrl = Teams2Url, ConferenceId = "559102837", TollNumber = "+49 69 5550 1234", TollFreeNumbers = new[] { "0800 5550123" },
                DialInUrl = "https://dialin.teams.microsoft.com/c0c0c0c0-0000-4000-8000-000000000001?id=559102837",
                MeetingId = "318224950671", Passcode = "7dK2vR",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?a=b", ResetPinUrl = PinPage,
            }),
            Found("teams3-en.txt", MeetingKind.Teams, "Teams3", "en", new ConferencingCoordinates
            {
                JoinUrl = Teams3Url, ConferenceId = "640017239", TollNumber = "+1 555-019-2020", TollFreeNumbers = None,
                DialInUrl = "https://dialin.teams.microsoft.com/9e9e9e9e-aaaa-4bbb-8ccc-ddddeeeeffff?id=640017239",
                MeetingId = "291004773615", Passcode = "pQ9mZ2",
                MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y", ResetPinUrl = PinPage,
                VideoConferencing = new VideoConferencingDetails("fabrikam@m.webex.com", "1182239047", "https://www.webex.com/msteams?confid=1182239047&tenantkey=fabrikam&domain=m.webex.com"),
            }),
            Found("teams3-ja.txt", MeetingKind.Teams, "Teams3", "ja", new ConferencingCoordinates
            {
                JoinUrl = Teams1Url, ConferenceId = "301477820", TollNumber = "+81 3-5550-0199", TollFreeNumbers = None,
                DialInUrl = "https://dialin.teams.microsoft.com/3a3a3a3a-bbbb-4ccc-8ddd-eeeeffff0000?id=301477820",
                MeetingId = "412330987654", Passcode = "aB3cD4",
            }, crlf: true),
            Found("teams4-es.txt", MeetingKind.Teams, "Teams4", "es", new ConferencingCoordinates
            {
                JoinUrl = Teams4Url, TollFreeNumbers = None, MeetingId = "24418890321157", Passcode = "Lk8sQw",
            }),
            Other("absent.html", BlockScanStatus.NotFound, "No online-meeting block in the body"),
            Other("absent.txt", BlockScanStatus.NotFound, "No online-meeting block in the body"),
            Other("handpasted.txt", BlockScanStatus.NotFound, "loose Teams join link"),
            Other("handpasted.html", BlockScanStatus.NotFound, "loose Teams join link"),
            Other("truncated-teams.html", BlockScanStatus.Unbalanced, "never ends"),
            Other("truncated-skype.txt", BlockScanStatus.Unbalanced, "no closing fence line"),
            Other("teams1-missing-closing-fence.html", BlockScanStatus.Unbalanced, "1 fence line(s) instead of two"),
            Other("duplicated-teams.html", BlockScanStatus.Ambiguous, "2 online-meeting blocks"),
            Other("skype-and-teams.txt", BlockScanStatus.Ambiguous, "2 online-meeting blocks"),
            Other("crossing-skype.html", BlockScanStatus.Unbalanced, "would break the markup"),
            Other("teams-markup-without-fences.html", BlockScanStatus.Unbalanced, "no fence lines around it"),
        };

        public static IEnumerable<object[]> AllCases()
        {
            foreach (var c in All) yield return new object[] { c };
        }

        public static IEnumerable<object[]> FoundCases()
        {
            foreach (var c in All)
            {
                if (c.Status == BlockScanStatus.Found) yield return new object[] { c };
            }
        }

        private static CorpusCase Found(string file, MeetingKind kind, string layout, string language, ConferencingCoordinates coordinates, bool crlf = false) =>
            new CorpusCase { File = file, Crlf = crlf, Status = BlockScanStatus.Found, Kind = kind, Layout = layout, Language = language, Coordinates = coordinates };

        private static CorpusCase Other(string file, BlockScanStatus status, string reasonContains) =>
            new CorpusCase { File = file, Status = status, ReasonContains = reasonContains };
    }
}
