using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Conferencing
{
    public enum ServiceNumberType
    {
        Toll,
        TollFree,
    }

    /// <summary>A dial-in number of a bridge, with where it is and in which languages it answers.</summary>
    public sealed class BridgeServiceNumber
    {
        public string Number { get; set; } = "";
        public ServiceNumberType Type { get; set; }
        public string? City { get; set; }
        public string? PrimaryLanguage { get; set; }
        public List<string> SecondaryLanguages { get; set; } = new List<string>();
        public Guid BridgeId { get; set; }

        public BridgeServiceNumber Clone()
        {
            var copy = (BridgeServiceNumber)MemberwiseClone();
            copy.SecondaryLanguages = new List<string>(SecondaryLanguages);
            return copy;
        }
    }

    /// <summary>
    /// An audio conferencing bridge (Get-CsOnlineDialInConferencingBridge): its service numbers and the default toll and
    /// toll-free numbers a user on it gets when they have none of their own.
    /// </summary>
    public sealed class ConferencingBridge
    {
        /// <summary>
        /// Whether two names name one bridge: in any case, and with or without variation selectors, which only choose how
        /// an emoji looks ("Ok 👍" and "Ok 👍️" are shown alike; both were made, and -Name found one of them: outside probe AO).
        /// </summary>
        public static bool SameName(string? a, string? b) => string.Equals(NameKey(a), NameKey(b), StringComparison.OrdinalIgnoreCase);

        private static string? NameKey(string? name) => name == null ? null : new string(name.Trim().Where(c => c < '\uFE00' || c > '\uFE0F').ToArray());

        public Guid Identity { get; set; } = Guid.NewGuid();
        public string Name { get; set; } = "";
        public string? Region { get; set; }
        public bool IsDefault { get; set; }
        public string? DefaultServiceNumber { get; set; }
        public string? DefaultTollFreeServiceNumber { get; set; }
        public List<BridgeServiceNumber> ServiceNumbers { get; set; } = new List<BridgeServiceNumber>();

        public BridgeServiceNumber? FindNumber(string normalized) =>
            ServiceNumbers.FirstOrDefault(n => string.Equals(n.Number, normalized, StringComparison.Ordinal));

        public ConferencingBridge Clone()
        {
            var copy = (ConferencingBridge)MemberwiseClone();
            copy.ServiceNumbers = ServiceNumbers.Select(n => n.Clone()).ToList();
            return copy;
        }
    }
}
