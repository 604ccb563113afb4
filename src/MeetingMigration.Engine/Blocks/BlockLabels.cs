using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Localized labels of one language. The scanner never uses labels to find or delimit a block (that is done with
    /// language-neutral anchors); labels only help read values (meeting ID, passcode, toll-free) and tell the language,
    /// and the renderer writes them.
    /// </summary>
    internal sealed class BlockLabels
    {
        public string Language { get; private set; } = "";
        public string Culture { get; private set; } = "";
        public int Lcid { get; private set; }
        public string TeamsHeading { get; private set; } = "";
        public string TeamsJoin { get; private set; } = "";
        public string MeetingId { get; private set; } = "";
        public string Passcode { get; private set; } = "";
        public string DialInByPhone { get; private set; } = "";
        public string FindLocalNumber { get; private set; } = "";
        public string PhoneConferenceId { get; private set; } = "";
        public string Toll { get; private set; } = "";
        public string TollFree { get; private set; } = "";
        public string JoinOnVideoDevice { get; private set; } = "";
        public string TenantKey { get; private set; } = "";
        public string VideoId { get; private set; } = "";
        public string MoreInfo { get; private set; } = "";
        public string ForOrganizers { get; private set; } = "";
        public string MeetingOptions { get; private set; } = "";
        public string ResetDialInPin { get; private set; } = "";
        public string SkypeJoin { get; private set; } = "";
        public string SkypeTrouble { get; private set; } = "";
        public string SkypeWebApp { get; private set; } = "";
        public string SkypeJoinByPhone { get; private set; } = "";
        public string SkypeConferenceId { get; private set; } = "";

        /// <summary>Older wordings seen in earlier layouts; recognized, never written.</summary>
        public string[] Legacy { get; private set; } = Array.Empty<string>();

        /// <summary>Whether the renderer may write this language (Swedish is recognized only).</summary>
        public bool CanRender { get; private set; } = true;

        public static readonly BlockLabels English = new BlockLabels
        {
            Language = "en", Culture = "en-US", Lcid = 1033,
            TeamsHeading = "Microsoft Teams meeting", TeamsJoin = "Join the meeting now",
            JoinOnVideoDevice = "Join on a video conferencing device", TenantKey = "Tenant key", VideoId = "Video ID", MoreInfo = "More info",
            ForOrganizers = "For organizers", MeetingOptions = "Meeting options", ResetDialInPin = "Reset dial-in PIN",
            MeetingId = "Meeting ID", Passcode = "Passcode", DialInByPhone = "Dial in by phone",
            FindLocalNumber = "Find a local number", PhoneConferenceId = "Phone conference ID",
            Toll = "Toll", TollFree = "Toll-free",
            SkypeJoin = "Join Skype Meeting", SkypeTrouble = "Trouble Joining?", SkypeWebApp = "Try Skype Web App",
            SkypeJoinByPhone = "Join by phone", SkypeConferenceId = "Conference ID",
            Legacy = new[] { "Click here to join the meeting", "Join on your computer", "Join Lync Meeting", "Join online meeting", "Or call in (audio only)", "Toll free", "Need help?" },
        };

        public static readonly BlockLabels German = new BlockLabels
        {
            Language = "de", Culture = "de-DE", Lcid = 1031,
            TeamsHeading = "Microsoft Teams-Besprechung", TeamsJoin = "Jetzt an der Besprechung teilnehmen",
            JoinOnVideoDevice = "An einem Videokonferenzgerät teilnehmen", TenantKey = "Mandantenschlüssel", VideoId = "Video-ID", MoreInfo = "Weitere Informationen",
            ForOrganizers = "Für Organisatoren", MeetingOptions = "Besprechungsoptionen", ResetDialInPin = "Einwahl-PIN zurücksetzen",
            MeetingId = "Besprechungs-ID", Passcode = "Kennung", DialInByPhone = "Einwahl per Telefon",
            FindLocalNumber = "Lokale Nummer suchen", PhoneConferenceId = "Telefonkonferenz-ID",
            Toll = "Gebührenpflichtig", TollFree = "Gebührenfrei",
            SkypeJoin = "An Skype-Besprechung teilnehmen", SkypeTrouble = "Probleme beim Teilnehmen?", SkypeWebApp = "Skype Web App testen",
            SkypeJoinByPhone = "Per Telefon teilnehmen", SkypeConferenceId = "Konferenz-ID",
            Legacy = new[] { "Klicken Sie hier, um an der Besprechung teilzunehmen", "Oder rufen Sie an (nur Audio)", "Benötigen Sie Hilfe?", "Kenncode" },
        };

        public static readonly BlockLabels French = new BlockLabels
        {
            Language = "fr", Culture = "fr-FR", Lcid = 1036,
            TeamsHeading = "Réunion Microsoft Teams", TeamsJoin = "Rejoindre la réunion maintenant",
            JoinOnVideoDevice = "Participer sur un appareil de visioconférence", TenantKey = "Clé du locataire", VideoId = "ID vidéo", MoreInfo = "Plus d’informations",
            ForOrganizers = "Pour les organisateurs", MeetingOptions = "Options de réunion", ResetDialInPin = "Réinitialiser le code PIN d’accès",
            MeetingId = "ID de réunion", Passcode = "Code secret", DialInByPhone = "Appeler par téléphone",
            FindLocalNumber = "Trouver un numéro local", PhoneConferenceId = "ID de conférence téléphonique",
            Toll = "Payant", TollFree = "Numéro gratuit",
            SkypeJoin = "Rejoindre la réunion Skype", SkypeTrouble = "Problème pour rejoindre la réunion ?", SkypeWebApp = "Essayez Skype Web App",
            SkypeJoinByPhone = "Participer par téléphone", SkypeConferenceId = "ID de conférence",
            Legacy = new[] { "Cliquez ici pour participer à la réunion", "Ou appelez (audio uniquement)", "Besoin d’aide ?", "Code d'accès", "Gratuit" },
        };

        public static readonly BlockLabels Spanish = new BlockLabels
        {
            Language = "es", Culture = "es-ES", Lcid = 3082,
            TeamsHeading = "Reunión de Microsoft Teams", TeamsJoin = "Unirse a la reunión ahora",
            JoinOnVideoDevice = "Unirse en un dispositivo de videoconferencia", TenantKey = "Clave de inquilino", VideoId = "Id. de vídeo", MoreInfo = "Más información",
            ForOrganizers = "Para organizadores", MeetingOptions = "Opciones de reunión", ResetDialInPin = "Restablecer el PIN de acceso telefónico",
            MeetingId = "Id. de reunión", Passcode = "Código de acceso", DialInByPhone = "Marcar por teléfono",
            FindLocalNumber = "Buscar un número local", PhoneConferenceId = "Id. de conferencia telefónica",
            Toll = "De pago", TollFree = "Gratuito",
            SkypeJoin = "Unirse a la reunión de Skype", SkypeTrouble = "¿Problemas para unirse?", SkypeWebApp = "Pruebe Skype Web App",
            SkypeJoinByPhone = "Unirse por teléfono", SkypeConferenceId = "Id. de conferencia",
            Legacy = new[] { "Haga clic aquí para unirse a la reunión", "O llame (solo audio)", "ID de reunión", "ID de conferencia", "¿Necesita ayuda?" },
        };

        public static readonly BlockLabels Japanese = new BlockLabels
        {
            Language = "ja", Culture = "ja-JP", Lcid = 1041,
            TeamsHeading = "Microsoft Teams 会議", TeamsJoin = "今すぐ会議に参加する",
            JoinOnVideoDevice = "ビデオ会議デバイスで参加する", TenantKey = "テナント キー", VideoId = "ビデオ ID", MoreInfo = "詳細情報",
            ForOrganizers = "開催者向け", MeetingOptions = "会議のオプション", ResetDialInPin = "ダイヤルイン PIN のリセット",
            MeetingId = "会議 ID", Passcode = "パスコード", DialInByPhone = "電話でダイヤルイン",
            FindLocalNumber = "市内番号を検索", PhoneConferenceId = "電話会議 ID",
            Toll = "有料", TollFree = "無料",
            SkypeJoin = "Skype 会議に参加", SkypeTrouble = "参加できない場合", SkypeWebApp = "Skype Web App を試す",
            SkypeJoinByPhone = "電話で参加", SkypeConferenceId = "会議 ID",
            Legacy = new[] { "ここをクリックして会議に参加してください", "ローカル番号を検索", "ヘルプが必要ですか?", "フリーダイヤル" },
        };

        /// <summary>Swedish, from the public SfB samples the reference cites; recognized, not rendered.</summary>
        public static readonly BlockLabels Swedish = new BlockLabels
        {
            Language = "sv", Culture = "sv-SE", Lcid = 1053, CanRender = false,
            TeamsHeading = "Microsoft Teams-möte", TeamsJoin = "Anslut till mötet nu",
            MeetingId = "Mötes-ID", Passcode = "Lösenord", DialInByPhone = "Ring in via telefon",
            FindLocalNumber = "Hitta ett lokalt nummer", PhoneConferenceId = "Telefonkonferens-ID",
            Toll = "Avgiftsbelagt", TollFree = "Avgiftsfritt",
            SkypeJoin = "Anslut till Skype-mötet", SkypeTrouble = "Problem med att ansluta?", SkypeWebApp = "Prova Skype Web App",
            SkypeJoinByPhone = "Anslut per telefon", SkypeConferenceId = "Konferens-ID",
        };

        public static IReadOnlyList<BlockLabels> All { get; } = new[] { English, German, French, Spanish, Japanese, Swedish };

        /// <summary>Labels for a culture ("de-AT", "de"), falling back to English for languages we cannot write.</summary>
        public static BlockLabels ForRendering(string? culture)
        {
            if (string.IsNullOrEmpty(culture)) return English;
            string language = culture!.Split('-', '_')[0];
            return All.FirstOrDefault(l => l.CanRender && l.Language.Equals(language, StringComparison.OrdinalIgnoreCase)) ?? English;
        }

        public static BlockLabels? ForLcid(int lcid) =>
            All.FirstOrDefault(l => l.Lcid == lcid) ??
            // Other sublanguages of the same primary language (the low 10 bits of an LCID), e.g. 2057 en-GB, 1034 es-ES_tradnl.
            All.FirstOrDefault(l => (l.Lcid & 0x3FF) == (lcid & 0x3FF));

        private string[]? _distinctive;

        /// <summary>
        /// The labels that tell this language from the others. Made once per language (the labels are fixed once the static
        /// instances are built), not for every block whose language is asked (issue 9).
        /// </summary>
        public IReadOnlyList<string> DistinctiveLabels() =>
            _distinctive ??= new[] { TeamsJoin, MeetingId, Passcode, DialInByPhone, FindLocalNumber, PhoneConferenceId, SkypeJoin, SkypeJoinByPhone, SkypeConferenceId, SkypeWebApp, TeamsHeading }
                .Concat(Legacy).ToArray();

        public static IEnumerable<string> AllOf(Func<BlockLabels, string> pick) => All.Select(pick).Where(s => s.Length > 0).Distinct();
    }
}
