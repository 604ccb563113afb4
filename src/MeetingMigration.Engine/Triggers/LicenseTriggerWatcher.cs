using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>
    /// The MMS trigger "Audio Conferencing license assigned or removed": each pass reads the directory delta, compares every
    /// returned user's Audio Conferencing plan with the stored baseline and queues a delayed migration for each user whose plan
    /// came or went. Polling sees net state only: a license added and removed again between two passes queues nothing.
    /// </summary>
    public sealed class LicenseTriggerWatcher
    {
        public const string StateName = "AudioConferencingLicense";
        public const string TriggerName = TriggerNames.AudioConferencingLicense;

        private readonly IMigrationStore _store;
        private readonly IDirectoryDeltaReader _reader;
        private readonly ILogger _logger;

        /// <param name="store">Also the clock of the trigger's settle window (the store judges due times by it).</param>
        public LicenseTriggerWatcher(IMigrationStore store, IDirectoryDeltaReader reader, ILogger? logger = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
            _logger = logger ?? NullLogger.Instance;
        }

        public async Task<LicenseTriggerPass> RunOnceAsync(CancellationToken cancellationToken)
        {
            var pass = new LicenseTriggerPass();
            var savedJson = await _store.GetTriggerStateAsync(StateName, cancellationToken).ConfigureAwait(false);
            var saved = Parse(savedJson);

            var delta = await _reader.ReadAsync(saved?.DeltaLink, cancellationToken).ConfigureAwait(false);
            pass.UsersRead = delta.Users.Count;
            pass.FullSync = delta.IsFullSync;

            HashSet<Guid> licensed;
            if (saved == null)
            {
                // Without a baseline every licensed user would look newly licensed; MMS reacts to changes, not to state.
                licensed = new HashSet<Guid>(delta.Users.Where(u => !u.Removed && u.HasAudioConferencing == true).Select(u => u.Id));
                pass.BaselineRecorded = true;
            }
            else
            {
                licensed = saved.LicensedSet();
                Compare(delta, licensed, pass);
            }

            if (pass.Changed.Count > 0)
                await QueueAsync(pass, cancellationToken).ConfigureAwait(false);

            // Saved after queuing: a crash in between repeats the pass, and a repeated request merges into the Pending one,
            // whereas saving first could lose a trigger.
            var next = LicenseTriggerState.From(delta.DeltaLink, licensed).ToJson();
            pass.StateSaved = await _store.SaveTriggerStateAsync(StateName, savedJson, next, cancellationToken).ConfigureAwait(false);
            if (!pass.StateSaved)
                _logger.LogInformation("Another service saved a license-trigger pass first; the next pass continues from its state.");
            if (pass.BaselineRecorded)
                _logger.LogInformation("License trigger: baseline recorded, {Licensed} of {Users} users have Audio Conferencing.", licensed.Count, delta.Users.Count);
            return pass;
        }

        private static void Compare(DirectoryDelta delta, HashSet<Guid> licensed, LicenseTriggerPass pass)
        {
            var seen = new HashSet<Guid>();
            foreach (var user in delta.Users)
            {
                seen.Add(user.Id);
                if (user.Removed)
                {
                    // A deleted user has no mailbox left to migrate.
                    licensed.Remove(user.Id);
                    continue;
                }
                if (user.HasAudioConferencing is not bool has) continue;
                var had = licensed.Contains(user.Id);
                if (had == has) continue;
                if (has) licensed.Add(user.Id);
                else licensed.Remove(user.Id);
                pass.Changed.Add(user);
            }
            // A full sync lists everyone, so a baseline user it did not return has left the directory.
            if (delta.IsFullSync) licensed.RemoveWhere(id => !seen.Contains(id));
        }

        private async Task QueueAsync(LicenseTriggerPass pass, CancellationToken cancellationToken)
        {
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            var dialIn = await _store.GetDialInSettingsAsync(cancellationToken).ConfigureAwait(false);
            // The baseline still moves on while a switch is off: turning it back on must not replay old changes.
            pass.NotQueuedBecause = TriggerPolicy.WhyNotQueued(TriggerName, configuration, dialIn);
            if (pass.NotQueuedBecause != null)
            {
                // The users named, with what to run: a change made while the switch was on but seen only after it was turned
                // off (the service was down, or it came between two passes) is dropped with the rest, and the log said only a
                // count (outside probe BO-F1).
                if (pass.Changed.Count > 0)
                    _logger.LogWarning("License trigger: {Count} Audio Conferencing change(s) not queued because {Reason}: {Users}. " +
                                       "They are not queued later either; to migrate those users' meetings, run Start-CsExMeetingMigration for them once it is on again.",
                        pass.Changed.Count, pass.NotQueuedBecause, Named(pass.Changed));
                return;
            }

            var notBefore = _store.Clock.UtcNow + configuration.TriggerDelay; // the store judges it by its clock
            foreach (var user in pass.Changed)
            {
                var identity = user.UserPrincipalName != null && UserIdentity.TryParse(user.UserPrincipalName, out var byName, out _)
                    ? byName!
                    : UserIdentity.Parse(user.Id.ToString("D"));
                var request = new EnqueueRequest(identity, SourceMeetingType.All, TargetMeetingType.Current)
                {
                    UserId = user.Id,
                    UserPrincipalName = identity.Kind == UserIdentityKind.Address ? user.UserPrincipalName : null,
                    NotBefore = notBefore,
                    Trigger = TriggerName,
                    Settle = true,
                };
                // A user on a third-party provider is migrated on a license assignment only when the tenant lets the
                // license replace the provider (AutomaticallyReplaceAcpProvider); Microsoft then provides their dial-in.
                var replaceAcp = dialIn.AutomaticallyReplaceAcpProvider && user.HasAudioConferencing == true;
                var result = await _store.EditConferencingAsync(edit =>
                {
                    var conferencing = identity.Kind == UserIdentityKind.Address ? edit.FindUser(identity.Value) : null;
                    if (conferencing != null && conferencing.Provider == Conferencing.ConferencingProvider.ThirdParty)
                    {
                        if (!replaceAcp) return null;
                        var switched = conferencing.Clone();
                        Conferencing.ConferencingAdmin.SwitchToMicrosoft(edit, switched);
                        edit.Save(switched);
                        request.Trigger = TriggerNames.Combine(TriggerName, TriggerNames.ProviderSwitchedToMicrosoft);
                    }
                    return edit.Enqueue(request);
                }, cancellationToken).ConfigureAwait(false);
                if (result == null)
                {
                    pass.LeftToThirdPartyProvider.Add(user);
                    _logger.LogInformation("License trigger: {User} is on a third-party audio conferencing provider and AutomaticallyReplaceAcpProvider is false; not queued.", user.UserPrincipalName);
                    continue;
                }
                pass.Queued.Add(result.Request);
                _logger.LogInformation("License trigger: {User} {Change} Audio Conferencing; queued to run after {NotBefore:u}{Merged}.",
                    result.Request.UserPrincipalName, user.HasAudioConferencing == true ? "got" : "lost", result.Request.NotBefore,
                    result.Merged ? " (merged into a Pending request)" : "");
            }
        }

        /// <summary>Up to ten users by address (or id), and how many more.</summary>
        private static string Named(IReadOnlyCollection<DirectoryUserChange> users) =>
            string.Join(", ", users.Take(10).Select(u => u.UserPrincipalName ?? u.Id.ToString("D"))) + (users.Count > 10 ? $" and {users.Count - 10} more" : "");

        private LicenseTriggerState? Parse(string? json)
        {
            if (json == null) return null;
            try
            {
                return LicenseTriggerState.FromJson(json);
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                // An unreadable state is replaced by a fresh baseline rather than stopping the trigger for good.
                _logger.LogWarning(e, "The stored license-trigger state cannot be read; recording a new baseline.");
                return null;
            }
        }
    }
}
