using System;
using System.Collections.Generic;
using EngineBlocks = MeetingMigration.Engine.Blocks;
using EngineConferencing = MeetingMigration.Engine.Conferencing;
using EngineConfiguration = MeetingMigration.Engine.Configuration;
using EngineModel = MeetingMigration.Engine.Model;
using EngineStore = MeetingMigration.Engine.Store;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Converts between the module's public enums (namespace MeetingMigration, nameable in pwsh) and the engine's, by
    /// name: a value is the same word on both sides, whatever its number. Cmdlets convert parameters with ToEngine()
    /// before the engine sees them and output properties with ToPublic() before PowerShell does.
    /// </summary>
    internal static class PublicEnums
    {
        public static MigrationState ToPublic(this EngineModel.MigrationState value) => Map<EngineModel.MigrationState, MigrationState>.Convert(value);
        public static EngineModel.MigrationState ToEngine(this MigrationState value) => Map<MigrationState, EngineModel.MigrationState>.Convert(value);

        public static MigrationType ToPublic(this EngineModel.MigrationType value) => Map<EngineModel.MigrationType, MigrationType>.Convert(value);
        public static EngineModel.MigrationType ToEngine(this MigrationType value) => Map<MigrationType, EngineModel.MigrationType>.Convert(value);

        public static SourceMeetingType ToPublic(this EngineModel.SourceMeetingType value) => Map<EngineModel.SourceMeetingType, SourceMeetingType>.Convert(value);
        public static EngineModel.SourceMeetingType ToEngine(this SourceMeetingType value) => Map<SourceMeetingType, EngineModel.SourceMeetingType>.Convert(value);

        public static TargetMeetingType ToPublic(this EngineModel.TargetMeetingType value) => Map<EngineModel.TargetMeetingType, TargetMeetingType>.Convert(value);
        public static EngineModel.TargetMeetingType ToEngine(this TargetMeetingType value) => Map<TargetMeetingType, EngineModel.TargetMeetingType>.Convert(value);

        public static MeetingKind ToPublic(this EngineBlocks.MeetingKind value) => Map<EngineBlocks.MeetingKind, MeetingKind>.Convert(value);

        public static MeetingOutcome ToPublic(this EngineStore.MeetingOutcome value) => Map<EngineStore.MeetingOutcome, MeetingOutcome>.Convert(value);
        public static EngineStore.MeetingOutcome ToEngine(this MeetingOutcome value) => Map<MeetingOutcome, EngineStore.MeetingOutcome>.Convert(value);

        public static ServiceNumberType ToPublic(this EngineConferencing.ServiceNumberType value) => Map<EngineConferencing.ServiceNumberType, ServiceNumberType>.Convert(value);
        public static EngineConferencing.ServiceNumberType ToEngine(this ServiceNumberType value) => Map<ServiceNumberType, EngineConferencing.ServiceNumberType>.Convert(value);

        public static MeetingHome ToPublic(this EngineConferencing.MeetingHome value) => Map<EngineConferencing.MeetingHome, MeetingHome>.Convert(value);
        public static EngineConferencing.MeetingHome ToEngine(this MeetingHome value) => Map<MeetingHome, EngineConferencing.MeetingHome>.Convert(value);

        public static ConferencingProvider ToPublic(this EngineConferencing.ConferencingProvider value) => Map<EngineConferencing.ConferencingProvider, ConferencingProvider>.Convert(value);

        public static EntryExitAnnouncementsType ToPublic(this EngineConfiguration.EntryExitAnnouncementsType value) =>
            Map<EngineConfiguration.EntryExitAnnouncementsType, EntryExitAnnouncementsType>.Convert(value);

        public static MaskPstnNumbersType ToPublic(this EngineConfiguration.MaskPstnNumbersType value) =>
            Map<EngineConfiguration.MaskPstnNumbersType, MaskPstnNumbersType>.Convert(value);

        public static DialOutToFederatedUsers ToPublic(this EngineConfiguration.DialOutToFederatedUsers value) =>
            Map<EngineConfiguration.DialOutToFederatedUsers, DialOutToFederatedUsers>.Convert(value);

        /// <summary>
        /// The name-for-name table of one direction, built once. A value with no namesake on the other side is a bug of
        /// ours (an enum changed on one side only), so it fails loudly rather than becoming some other value; the Pester
        /// test Types.Tests.ps1 checks every pair so that it never reaches an admin.
        /// </summary>
        private static class Map<TFrom, TTo> where TFrom : struct, Enum where TTo : struct, Enum
        {
            private static readonly Dictionary<TFrom, TTo> Table = Build();

            public static TTo Convert(TFrom value) =>
                Table.TryGetValue(value, out var converted)
                    ? converted
                    : throw new InvalidOperationException($"{typeof(TFrom).FullName} value '{value}' has no counterpart in {typeof(TTo).FullName}.");

            private static Dictionary<TFrom, TTo> Build()
            {
                var table = new Dictionary<TFrom, TTo>();
                foreach (TFrom value in Enum.GetValues(typeof(TFrom)))
                {
                    var name = Enum.GetName(typeof(TFrom), value);
                    if (name != null && Enum.TryParse(name, ignoreCase: false, out TTo converted) && Enum.IsDefined(typeof(TTo), converted)) table[value] = converted;
                }
                return table;
            }
        }
    }
}
