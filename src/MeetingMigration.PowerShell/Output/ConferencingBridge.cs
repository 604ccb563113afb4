using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// An audio conferencing bridge as the bridge cmdlets return it: the engine's record, whose service numbers carry the
    /// nameable [MeetingMigration.ServiceNumberType]. Same property names and order as the engine's.
    /// </summary>
    public sealed class ConferencingBridge
    {
        internal static ConferencingBridge Of(Engine.Conferencing.ConferencingBridge bridge) => new ConferencingBridge
        {
            Identity = bridge.Identity,
            Name = bridge.Name,
            Region = bridge.Region,
            IsDefault = bridge.IsDefault,
            DefaultServiceNumber = bridge.DefaultServiceNumber,
            DefaultTollFreeServiceNumber = bridge.DefaultTollFreeServiceNumber,
            ServiceNumbers = bridge.ServiceNumbers.Select(BridgeServiceNumber.Of).ToList(),
        };

        public Guid Identity { get; set; }
        public string Name { get; set; } = "";
        public string? Region { get; set; }
        public bool IsDefault { get; set; }
        public string? DefaultServiceNumber { get; set; }
        public string? DefaultTollFreeServiceNumber { get; set; }
        public List<BridgeServiceNumber> ServiceNumbers { get; set; } = new List<BridgeServiceNumber>();
    }

    /// <summary>A dial-in number of a bridge, with where it is and in which languages it answers.</summary>
    public sealed class BridgeServiceNumber
    {
        internal static BridgeServiceNumber Of(Engine.Conferencing.BridgeServiceNumber number) => new BridgeServiceNumber
        {
            Number = number.Number,
            Type = number.Type.ToPublic(),
            City = number.City,
            PrimaryLanguage = number.PrimaryLanguage,
            SecondaryLanguages = new List<string>(number.SecondaryLanguages),
            BridgeId = number.BridgeId,
        };

        public string Number { get; set; } = "";
        public ServiceNumberType Type { get; set; }
        public string? City { get; set; }
        public string? PrimaryLanguage { get; set; }
        public List<string> SecondaryLanguages { get; set; } = new List<string>();
        public Guid BridgeId { get; set; }

        /// <summary>The number, as a bridge's ServiceNumbers list shows each entry (it showed the type name before).</summary>
        public override string ToString() => Number;
    }
}
