using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Users;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// The gateway over the Microsoft Graph SDK. Its HttpClient has no SDK retry handler: a PATCH resent after a 504 would
    /// mail attendees twice, so retries are the engine's decision, made with the event's marker in hand.
    /// </summary>
    public sealed class GraphMailboxGateway : IMailboxGateway
    {
        /// <summary>Everything the migration reads of one event (GET before judging it, read-back after a lost answer).</summary>
        internal static readonly string[] EventFields =
        {
            "id", "subject", "start", "end", "type", "seriesMasterId", "isOrganizer", "isCancelled", "isOnlineMeeting",
            "onlineMeetingProvider", "onlineMeeting", "onlineMeetingUrl", "body", "attendees", "organizer",
        };
        /// <summary>
        /// What a calendar page carries: enough to tell which events are in scope (organizer, not cancelled, ahead, online),
        /// not the body or attendees. Pages of full events cost most of the engine's CPU and of the sandbox's, and most of a
        /// mailbox's requests: a series appears once per occurrence, and only its master is ever changed (issue 9).
        /// </summary>
        internal static readonly string[] SummaryFields =
        {
            "id", "subject", "start", "end", "type", "seriesMasterId", "isOrganizer", "isCancelled", "isOnlineMeeting",
            "onlineMeetingProvider", "onlineMeetingUrl",
        };
        /// <summary>Any error answer becomes the SDK's ODataError (code, message, headers), as the typed calls throw it.</summary>
        private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new Dictionary<string, ParsableFactory<IParsable>>
        {
            ["XXX"] = ODataError.CreateFromDiscriminatorValue,
        };
        /// <summary>An event read expands the marker and the body's native format; a calendar page, the format alone.</summary>
        private static readonly string EventExpand = $"singleValueExtendedProperties($filter=id eq '{MarkerProperty.Id}' or id eq '{NativeBodyProperty.Id}')";
        internal static readonly string[] PageExpand = { $"singleValueExtendedProperties($filter=id eq '{NativeBodyProperty.Id}')" };
        /// <summary>
        /// Events per calendarView page asked for. Summaries are under a kilobyte each, so a page this size holds a typical
        /// mailbox's five-year horizon (hundreds of occurrences) in one request, about a megabyte while its meetings are
        /// dispatched. Graph does not document its largest $top (about 1000 by reports); a server that gives fewer answers
        /// with a nextLink, which is followed. (Pages of full events had to stay at 25: at 100 the benchmark's peak working
        /// set was 1 GiB for 1,000 meetings.)
        /// </summary>
        internal const int PageSize = 1000;

        private readonly GraphServiceClient _client;

        public GraphMailboxGateway(GraphServiceClient client) => _client = client;

        public async Task<DirectoryUser?> FindAsync(Model.UserIdentity identity, CancellationToken cancellationToken)
        {
            try
            {
                var request = ForUser(_client.Users[identity.Value].ToGetRequestInformation(
                    rc => rc.QueryParameters.Select = new[] { "id", "userPrincipalName", "mail" }), identity.Value);
                var user = await Call(() => _client.RequestAdapter.SendAsync(request, User.CreateFromDiscriminatorValue, Errors, cancellationToken)).ConfigureAwait(false);
                // Graph says "no such user" with a 404 (below). A 200 whose user has no object id is an answer that cannot be
                // read, not an absent user: outside probe AB saw a garbled answer reported as "No user … exists".
                if (user?.Id == null || !Guid.TryParse(user.Id, out var id))
                    throw new GraphCallException(200, "MalformedResponse", "Microsoft Graph's answer for the user cannot be read: it names no object id.");
                return new DirectoryUser(id, user.UserPrincipalName ?? identity.Value, user.Mail);
            }
            catch (GraphCallException e) when (e.Status == 404 || e.Code == "Request_ResourceNotFound")
            {
                return null;
            }
        }

        public Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken)
        {
            // A nextLink is followed as given, but only to the Graph endpoint this connection talks to: a link elsewhere
            // is refused before anything is sent (the token goes only to that host anyway). Graph does not carry headers
            // over, so the preferences are sent again.
            if (nextLink != null) CheckNextLink(nextLink);
            var request = nextLink == null
                ? ForUser(_client.Users[mailbox].CalendarView.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.StartDateTime = GraphTime(startUtc);
                    rc.QueryParameters.EndDateTime = GraphTime(endUtc);
                    rc.QueryParameters.Top = PageSize;
                    rc.QueryParameters.Select = SummaryFields;
                    rc.QueryParameters.Expand = PageExpand;
                    AddPreferences(rc.Headers);
                }), mailbox)
                : _client.Users[mailbox].CalendarView.WithUrl(nextLink).ToGetRequestInformation(rc => AddPreferences(rc.Headers));
            return Call(() => ReadAsync(request, GraphEventJson.ReadSummaryPageAsync, cancellationToken));
        }

        public async Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, StoredBodyFormat expected, CancellationToken cancellationToken)
        {
            // Graph hands every body out as HTML unless asked for text; a plain-text body comes as Exchange's conversion of it.
            // Written back, that conversion would replace the organizer's text, every character of it, with HTML (outside
            // probe AD). So a body stored as text is read as text, changed only inside the block and written back as text.
            // How it is stored, Exchange says in its native-body property: the calendar page's value (expected) picks the
            // body type the first read asks for, and a read's own value is what counts (a body whose format changed since
            // the page costs a second read). Reads that give no value fall back on the HTML's shape (ReadUnvouchedAsync).
            bool asText = expected == StoredBodyFormat.Text;
            try
            {
                for (int reads = 1; ; reads++)
                {
                    var read = await ReadEventAsync(mailbox, eventId, asText, cancellationToken).ConfigureAwait(false);
                    var said = SaysText(read.StoredBodyFormat);
                    if (said == null) return await ReadUnvouchedAsync(mailbox, eventId, expected, read, cancellationToken).ConfigureAwait(false);
                    if (said == !read.BodyIsHtml) return read;
                    if (reads == 3) throw Unsettled(said == true ? "plain text, its native-body property says" : "HTML, its native-body property says");
                    asText = said == true;
                }
            }
            catch (GraphCallException e) when (e.IsNotFound)
            {
                return null;
            }
        }

        /// <summary>
        /// A meeting whose reads do not give the native-body property (a server or proxy that leaves it out): the HTML's shape
        /// decides, and in doubt the body stays HTML, never flattened to text. A text answer is kept only once an HTML read
        /// shows Exchange's conversion of text; an HTML body in the conversion's shape stays HTML when the page said HTML
        /// (outside probe AI: an HTML body that looks like the conversion was written back as text). The page's word alone
        /// does not make a body text: it may be older than an organizer's change to HTML (outside probe AJ: the page's stale
        /// "text" flattened a body made HTML since). Two reads are taken together only when their etags match: an organizer's
        /// change between them (outside probe AK: made HTML between the HTML read and the text read, the text was written
        /// back flattened) fails the meeting for a later retry; a change after the reads is refused by the write's If-Match.
        /// </summary>
        private async Task<CalendarEvent> ReadUnvouchedAsync(string mailbox, string eventId, StoredBodyFormat expected, CalendarEvent first, CancellationToken cancellationToken)
        {
            var text = first.BodyIsHtml ? null : first;
            var html = first.BodyIsHtml ? first : await ReadEventAsync(mailbox, eventId, asText: false, cancellationToken).ConfigureAwait(false);
            if (!html.BodyIsHtml) throw Unsettled("not known: a read for HTML came back as text");
            // A later read that does say (a server that gives the property now and then) is believed, as on every read.
            if (html != first && SaysText(html.StoredBodyFormat) is bool htmlSays) return htmlSays ? text! : html;
            if (!ExchangeTextConversion.IsConvertedFromText(html.Body) || SaysText(expected) == false) return html;
            var asText = text ?? await ReadEventAsync(mailbox, eventId, asText: true, cancellationToken).ConfigureAwait(false);
            if (SaysText(asText.StoredBodyFormat) == false) return html;
            if (asText.BodyIsHtml) throw Unsettled("plain text, the shape of its HTML shows");
            // Without etags the two reads cannot be shown to be of one version (outside probe AL: a proxy that dropped them
            // let the flattening of AK-F1 back in): not taken together either.
            return asText.ETag != null && asText.ETag == html.ETag ? asText : throw Unsettled("not known: it changed between two reads, or they had no etag");
        }

        private Task<CalendarEvent> ReadEventAsync(string mailbox, string eventId, bool asText, CancellationToken cancellationToken) =>
            Call(() => ReadAsync(EventRead(mailbox, eventId, asText), GraphEventJson.ReadEventAsync, cancellationToken));

        /// <summary>
        /// Reads that never gave the body in the format it is stored in: nothing is written, and the request's retry reads
        /// it again. Short, the cause first: LastMessage cuts each meeting's reason at 240 characters (outside probe AJ).
        /// </summary>
        private static GraphCallException Unsettled(string storedAs) =>
            new GraphCallException(200, "BodyFormatUnsettled",
                $"the body never came in the format it is stored in ({storedAs}): a proxy may drop Prefer: outlook.body-content-type, or it kept changing. Nothing was written.");

        /// <summary>
        /// Whether a native-body value says the body is stored as text: yes for text, no for HTML or RTF (which Graph converts to
        /// HTML, and which is changed by writing HTML), null when it says nothing (a server that does not give the property).
        /// </summary>
        private static bool? SaysText(StoredBodyFormat format) =>
            format == StoredBodyFormat.Text ? true : format == StoredBodyFormat.Unknown ? (bool?)null : false;

        private RequestInformation EventRead(string mailbox, string eventId, bool bodyAsText)
        {
            var request = EventRequest(Method.GET, mailbox, eventId, EventQuery);
            request.Headers.Add("Accept", "application/json");
            if (bodyAsText) request.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
            return request;
        }

        public async Task<bool> HasOccurrenceStartingBetweenAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var request = ForUser(_client.Users[mailbox].Events[seriesMasterId].Instances.ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.StartDateTime = GraphTime(startUtc);
                rc.QueryParameters.EndDateTime = GraphTime(endUtc);
                rc.QueryParameters.Top = 2; // at most one occurrence of a series is under way at a time
                rc.QueryParameters.Select = new[] { "id", "start" };
                AddPreferences(rc.Headers); // as every event call: the ids of the answer in the form the journal keeps (outside probe AD)
            }), mailbox);
            var page = await Call(() => _client.RequestAdapter.SendAsync(request, EventCollectionResponse.CreateFromDiscriminatorValue, Errors, cancellationToken)).ConfigureAwait(false);
            return page?.Value?.Any(o => StartOf(o) is DateTime start && start >= startUtc) == true;
        }

        /// <summary>An instance's start in UTC (no outlook.timezone preference is sent, so Graph gives UTC); null when unreadable.</summary>
        private static DateTime? StartOf(Event instance) =>
            DateTime.TryParse(instance.Start?.DateTime, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
                ? start : (DateTime?)null;

        public Task<CalendarPage> ReadInstancesPageAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken)
        {
            // As for calendarView: summaries, read by the one mapping of a calendar page; a nextLink only to this Graph.
            if (nextLink != null) CheckNextLink(nextLink);
            var instances = _client.Users[mailbox].Events[seriesMasterId].Instances;
            var request = nextLink == null
                ? ForUser(instances.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.StartDateTime = GraphTime(startUtc);
                    rc.QueryParameters.EndDateTime = GraphTime(endUtc);
                    rc.QueryParameters.Top = PageSize;
                    rc.QueryParameters.Select = SummaryFields;
                    rc.QueryParameters.Expand = PageExpand;
                    AddPreferences(rc.Headers);
                }), mailbox)
                : instances.WithUrl(nextLink).ToGetRequestInformation(rc => AddPreferences(rc.Headers));
            return Call(() => ReadAsync(request, GraphEventJson.ReadSummaryPageAsync, cancellationToken));
        }

        /// <summary>
        /// The PATCH carries only the body and the marker, written directly as JSON; the answer (the whole event, about
        /// 150 KB of allocations when the SDK reads it) is not read, nor held in memory: nothing uses it.
        /// </summary>
        public async Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken)
        {
            // The answer's request-id names this write in Microsoft's logs (the audit shows it); read through the headers
            // inspection handler GraphConnection puts in the HttpClient, so the body still goes unread.
            var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            var request = EventRequest(Method.PATCH, mailbox, patch.EventId, "");
            if (!string.IsNullOrEmpty(patch.ETag)) request.Headers.Add("If-Match", patch.ETag!);
            request.SetStreamContent(PatchJson(patch), "application/json");
            request.AddRequestOptions(new IRequestOption[] { headers });
            // Asked for as a stream and closed unread: SendNoContentAsync has HttpClient buffer the whole answer (the event,
            // body and all) in memory first, the largest allocation per meeting left (issue 9). The status decides success
            // either way; closing the stream drains the rest on the pooled connection.
            await Call(async () =>
            {
                using var unread = await _client.RequestAdapter.SendPrimitiveAsync<Stream>(request, Errors, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            patch.ResponseRequestId = headers.ResponseHeaders.TryGetValue("request-id", out var ids) ? ids.FirstOrDefault() : null;
        }

        /// <summary>
        /// The body goes to Graph as JSON, never into a page: markup characters need no escaping ('&lt;' as "\u003C" made
        /// the payload grow past its buffer), only what JSON itself requires. The text Graph reads is the same either way.
        /// </summary>
        private static readonly JsonWriterOptions PatchWriting = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        internal static MemoryStream PatchJson(EventPatch patch)
        {
            // Scratch sized for the body's UTF-8 bytes and its quotes' escapes; the payload itself is one array of its size.
            int bytes = System.Text.Encoding.UTF8.GetByteCount(patch.Body);
            using var scratch = new PooledBufferWriter(bytes + bytes / 8 + patch.Marker.Length + 512);
            using (var json = new Utf8JsonWriter(scratch, PatchWriting))
            {
                json.WriteStartObject();
                json.WriteStartObject("body");
                json.WriteString("contentType", patch.BodyIsHtml ? "html" : "text");
                json.WriteString("content", patch.Body);
                json.WriteEndObject();
                json.WriteStartArray("singleValueExtendedProperties");
                json.WriteStartObject();
                json.WriteString("id", MarkerProperty.Id);
                json.WriteString("value", patch.Marker);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            return new MemoryStream(scratch.ToArray(), writable: false);
        }

        /// <summary>Sends a request through the SDK's pipeline (auth, limits) and reads the answer's JSON itself.</summary>
        /// <remarks>
        /// An answer that cannot be read (no body, JSON cut short, the wrong types where the engine needs them) fails this
        /// call with a code of its own and status 200, which the gateway does not resend: the request's own retry reads it
        /// again later, and the reason is in LastMessage.
        /// </remarks>
        private async Task<T> ReadAsync<T>(RequestInformation request, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        {
            using var stream = await _client.RequestAdapter.SendPrimitiveAsync<Stream>(request, Errors, cancellationToken).ConfigureAwait(false)
                ?? throw new GraphCallException(200, "EmptyResponse", "Microsoft Graph's answer (status 200) had no body to read.");
            try
            {
                return await read(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                throw new GraphCallException(200, "MalformedResponse", $"Microsoft Graph's answer cannot be read: {QuotedValue.Inert(e.Message, 160)}", null, null, e);
            }
        }

        public async Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken)
        {
            var escaped = joinUrl.Replace("'", "''");
            OnlineMeetingCollectionResponse? found;
            try
            {
                found = await Call(() => _client.Users[organizerId].OnlineMeetings.GetAsync(
                    rc => rc.QueryParameters.Filter = $"JoinWebUrl eq '{escaped}'", cancellationToken)).ConfigureAwait(false);
            }
            catch (GraphCallException e) when (IsNoSuchOnlineMeeting(e))
            {
                return null;
            }
            var meeting = found?.Value?.FirstOrDefault();
            return meeting == null ? null : Coordinates(meeting, joinUrl);
        }

        /// <summary>
        /// Graph's answer to a join link it has no meeting for: reported as 404 <c>NotFound</c> "3004: Specified meeting is
        /// not found" (a Microsoft Q&amp;A thread; the API page shows only the filter), where the sandbox answered an empty
        /// list. Both mean the same: no meeting (outside probe AD). A 404 of another code (the organizer unknown to the
        /// directory) is not this and stays a failure of the call.
        /// </summary>
        internal static bool IsNoSuchOnlineMeeting(GraphCallException e) =>
            e.Status == 404 && string.Equals(e.Code, "NotFound", StringComparison.OrdinalIgnoreCase);

        public async Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc,
            CancellationToken cancellationToken)
        {
            var created = await Call(() => _client.Users[organizerId].OnlineMeetings.CreateOrGet.PostAsync(new Microsoft.Graph.Users.Item.OnlineMeetings.CreateOrGet.CreateOrGetPostRequestBody
            {
                ExternalId = externalId,
                Subject = subject,
                StartDateTime = startUtc.HasValue ? new DateTimeOffset(startUtc.Value, TimeSpan.Zero) : (DateTimeOffset?)null,
                EndDateTime = endUtc.HasValue ? new DateTimeOffset(endUtc.Value, TimeSpan.Zero) : (DateTimeOffset?)null,
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (created?.JoinWebUrl == null)
                throw new GraphCallException(502, "NoJoinUrl", "Graph created an online meeting without a join URL.");
            var coordinates = Coordinates(created, created.JoinWebUrl);
            coordinates.MeetingId = created.JoinMeetingIdSettings?.JoinMeetingId;
            coordinates.Passcode = created.JoinMeetingIdSettings?.Passcode;
            return coordinates;
        }

        private static ConferencingCoordinates Coordinates(OnlineMeeting meeting, string joinUrl)
        {
            var audio = meeting.AudioConferencing;
            return new ConferencingCoordinates
            {
                JoinUrl = meeting.JoinWebUrl ?? joinUrl,
                ConferenceId = audio?.ConferenceId,
                TollNumber = audio?.TollNumber ?? audio?.TollNumbers?.FirstOrDefault(),
                TollFreeNumbers = audio?.TollFreeNumbers?.ToList() ?? (audio?.TollFreeNumber != null ? new List<string> { audio.TollFreeNumber } : new List<string>()),
                DialInUrl = audio?.DialinUrl,
            };
        }

        private void CheckNextLink(string nextLink)
        {
            var graph = new Uri(_client.RequestAdapter.BaseUrl ?? "https://graph.microsoft.com/v1.0");
            if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var link)
                || !string.Equals(link.Scheme, graph.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(link.Host, graph.Host, StringComparison.OrdinalIgnoreCase)
                || link.Port != graph.Port)
                throw new GraphCallException(200, "ForeignNextLink",
                    $"Microsoft Graph's next-page link {QuotedValue.Of(nextLink)} points away from {graph.GetLeftPart(UriPartial.Authority)}; it was not followed.");
        }

        /// <summary>$select and $expand of an event read, encoded once.</summary>
        internal static readonly string EventQuery =
            "?%24select=" + string.Join(",", EventFields.Select(Uri.EscapeDataString)) + "&%24expand=" + Uri.EscapeDataString(EventExpand);

        /// <summary>
        /// /users/{mailbox}/events/{id}, built directly rather than through the request builders: expanding Kiota's URI
        /// template (and, for the PATCH, serializing an empty model only to replace it) cost more CPU than the rest of the
        /// request, twice per migrated meeting (issue 9). The request still goes through the SDK's adapter: auth, the
        /// host check, error mapping.
        /// </summary>
        private RequestInformation EventRequest(Method method, string mailbox, string eventId, string query)
        {
            var request = new RequestInformation
            {
                HttpMethod = method,
                URI = new Uri($"{_client.RequestAdapter.BaseUrl?.TrimEnd('/')}/{UserSegment(mailbox)}/events/{Uri.EscapeDataString(eventId)}{query}"),
            };
            AddPreferences(request.Headers);
            return request;
        }

        /// <summary>
        /// The path segment naming a user: <c>users/{id or UPN}</c>, or for a UPN that begins with '$', OData's key syntax
        /// <c>users('{UPN}')</c> (a quote in it doubled). Graph refuses <c>/users/$x@y.com</c> with 400, escaped or not, as
        /// it documents (user-get) and the SDK's issue 2635 shows, and asks for the key syntax (outside probe AD).
        /// </summary>
        internal static string UserSegment(string user) =>
            user.StartsWith("$", StringComparison.Ordinal)
                ? "users('" + Uri.EscapeDataString(user.Replace("'", "''")).Replace("%24", "$").Replace("%40", "@").Replace("%27", "'") + "')"
                : "users/" + Uri.EscapeDataString(user);

        /// <summary>A request the SDK's builders made for <c>/users/{user}/…</c>, with the user named by <see cref="UserSegment"/>.</summary>
        internal static RequestInformation ForUser(RequestInformation request, string user)
        {
            if (!user.StartsWith("$", StringComparison.Ordinal)) return request;
            var uri = request.URI;
            var segments = uri.AbsolutePath.Split('/').ToList();
            int users = segments.FindIndex(x => x.Equals("users", StringComparison.OrdinalIgnoreCase));
            if (users < 0 || users + 1 >= segments.Count) return request;
            segments[users] = UserSegment(user);
            segments.RemoveAt(users + 1);
            request.URI = new Uri(uri.GetLeftPart(UriPartial.Authority) + string.Join("/", segments) + uri.Query);
            return request;
        }

        /// <summary>A window's edge as calendarView and instances take it: UTC, to the second.</summary>
        private static string GraphTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>
        /// Immutable ids keep event ids stable for the journal. The body's type is asked for by the event read alone
        /// (<see cref="GetEventAsync"/>): Graph's default, HTML, unless the body is stored as text.
        /// </summary>
        private static void AddPreferences(RequestHeaders headers) => headers.Add("Prefer", "IdType=\"ImmutableId\"");

        /// <summary>Runs an SDK call and turns every kind of failure into a GraphCallException.</summary>
        /// <summary>The code of an error answer that names none.</summary>
        internal const string NoErrorCode = "(no error code)";

        private static async Task<T> Call<T>(Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ODataError e)
            {
                // An error answer not in Graph's shape (a gateway's own JSON) has neither: said so, rather than an empty
                // reason ("Graph answered 500 : ", found by an outside probe).
                var code = string.IsNullOrEmpty(e.Error?.Code) ? NoErrorCode : e.Error!.Code!;
                var message = string.IsNullOrEmpty(e.Error?.Message) ? $"The answer ({e.ResponseStatusCode}) carried no error message in Graph's shape." : e.Error!.Message!;
                throw new GraphCallException(e.ResponseStatusCode, code, message, RetryAfterFrom(e.ResponseHeaders), e.Error?.InnerError?.RequestId, e);
            }
            catch (ApiException e)
            {
                throw new GraphCallException(e.ResponseStatusCode, "", e.Message, RetryAfterFrom(e.ResponseHeaders), null, e);
            }
            catch (MeetingMigrationException e) when (e.ErrorId == ErrorIds.AuthenticationFailed)
            {
                // No token could be had for the call (the SDK asks for one before sending): a failure of the connection's
                // credentials, not of this call, classed with a token Graph refuses (GraphCallException.IsConnectionDown).
                throw new GraphCallException(401, GraphCallException.SignInFailedCode, e.Message, null, null, e);
            }
            catch (HttpRequestException e)
            {
                throw new GraphCallException(0, "NoResponse", $"No response from Microsoft Graph: {e.Message}", null, null, e);
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                // An answer the SDK's own models cannot parse (JSON cut short), as ReadAsync says it for the answers the engine
                // reads itself. Found by outside probe AB: a truncated directory answer escaped as an UnexpectedError naming
                // no user, and stopped Find-CsMeetingMigrationStaleMeeting -All for everyone after it.
                throw new GraphCallException(200, "MalformedResponse", $"Microsoft Graph's answer cannot be read: {QuotedValue.Inert(e.Message, 160)}", null, null, e);
            }
            // HttpClient's own timeout: on .NET 5 and later its exception carries a cancelled token of HttpClient's own and a
            // TimeoutException inside. Found by an outside probe: only the token was looked at, so a Graph that stopped
            // answering for 100 s came out as a cancellation, which the worker took for a lost lease and dropped the request.
            catch (TaskCanceledException e) when (e.InnerException is TimeoutException || !e.CancellationToken.IsCancellationRequested)
            {
                throw new GraphCallException(0, "Timeout", "Microsoft Graph did not answer in time.", null, null, e);
            }
        }

        private static async Task Call(Func<Task> call) => await Call(async () => { await call().ConfigureAwait(false); return true; }).ConfigureAwait(false);

        private static TimeSpan? RetryAfterFrom(IDictionary<string, IEnumerable<string>>? headers)
        {
            if (headers == null) return null;
            foreach (var pair in headers)
            {
                if (string.Equals(pair.Key, "Retry-After", StringComparison.OrdinalIgnoreCase))
                    return RetryAfter.Parse(pair.Value.FirstOrDefault(), DateTimeOffset.UtcNow);
            }
            return null;
        }
    }
}
