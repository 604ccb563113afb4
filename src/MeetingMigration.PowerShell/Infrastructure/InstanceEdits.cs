using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// What a Set-* -Instance object that Get-* returned (in this session) carries as edited: the object keeps the values it
    /// was read with (<c>AsRead</c>), and only a property whose value differs from them is written, so what another
    /// session set in between is kept. Found by an outside probe: `$c = Get-…; $c.HorizonDays = 200; $c | Set-…` undid
    /// another session's MeetingMigrationEnabled $true, turning migration off for the tenant without a word. An object of
    /// any other origin (a CSV row, a deserialized or JSON object) has no such values and is written whole, a restore.
    /// </summary>
    internal sealed class InstanceEdits
    {
        private readonly object? _asRead;
        private readonly Dictionary<string, object?> _edited = new Dictionary<string, object?>(StringComparer.Ordinal);
        private readonly List<(string Name, string Text)> _keptNewer = new List<(string, string)>();

        /// <param name="asRead">The values the object was read with (and has written since); null for an object of another origin.</param>
        public InstanceEdits(object? asRead) => _asRead = asRead;

        /// <summary>
        /// Leaves out of <paramref name="values"/> (the instance's) what still holds the value it was read with, noting
        /// those that changed in the store since (<paramref name="current"/>).
        /// </summary>
        public void KeepEdited(Dictionary<string, object?> values, object current)
        {
            if (_asRead == null) return;
            foreach (var name in values.Keys.ToList())
            {
                var read = SettingsApplier.Property(_asRead.GetType(), name).GetValue(_asRead);
                if (!SameValue(values[name], read))
                {
                    _edited[name] = values[name];
                    continue;
                }
                values.Remove(name);
                var now = SettingsApplier.Property(current.GetType(), name).GetValue(current);
                if (!SameValue(now, read)) _keptNewer.Add((name, $"{name} ({QuotedValue.Of(SettingsApplier.Text(read))} in this object, {QuotedValue.Of(SettingsApplier.Text(now))} in the store)"));
            }
        }

        /// <summary>
        /// The warning naming what was kept as another session set it; null when nothing was. A property also given by name
        /// is not kept but written (an outside re-probe: the warning said "kept" of a value the named parameter replaced).
        /// </summary>
        public string? KeptWarning(ICollection<string> named)
        {
            var kept = _keptNewer.Where(k => !named.Contains(k.Name)).Select(k => k.Text).ToList();
            return kept.Count == 0 ? null
                : $"Kept what was set since this object was read: {string.Join("; ", kept)}. Only the object's edited values are written; " +
                  "to write one of the others anyway, give it by name.";
        }

        /// <summary>
        /// After the save: every edit the object carried is spent, so the next Set of the same object compares with it (an
        /// outside re-probe: after its own Set, an object edited again wrote back a value it had set before, undoing another
        /// session's change since, without a word). What it wrote is what it now holds as read; an edit a named parameter
        /// overrode is spent too (a second re-probe: the overridden 2 was written by the object's next Set, over the named 4
        /// and another session's 20), so only a new edit of that property writes it.
        /// </summary>
        public void Written(object saved, ICollection<string> named)
        {
            if (_asRead == null) return;
            foreach (var pair in _edited)
            {
                var value = named.Contains(pair.Key) ? pair.Value : SettingsApplier.Property(saved.GetType(), pair.Key).GetValue(saved);
                SettingsApplier.Property(_asRead.GetType(), pair.Key).SetValue(_asRead, value is List<string> list ? new List<string>(list) : value);
            }
        }

        private static bool SameValue(object? a, object? b) =>
            a is IEnumerable<string> left && b is IEnumerable<string> right ? left.SequenceEqual(right, StringComparer.Ordinal) : Equals(a, b);
    }
}
