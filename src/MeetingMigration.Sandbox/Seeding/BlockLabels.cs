namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Visible strings of the Skype and Teams blocks in one language. Our own translations; they
/// only need to look like the real thing so recognizers cannot lean on English text.
/// French uses a no-break space before ':' and '?' as French typography does, which is one
/// more thing a body rewrite must carry through untouched.
/// </summary>
public sealed record BlockLabels
{
    // Skype for Business
    public required string SkypeJoin { get; init; }
    public required string SkypeTroubleJoining { get; init; }
    public required string SkypeTryWebApp { get; init; }
    public required string SkypeIntro { get; init; }
    public required string JoinByPhone { get; init; }
    public required string FindLocalNumber { get; init; }
    public required string ConferenceId { get; init; }
    public required string ForgotPin { get; init; }
    public required string Help { get; init; }
    public required string SkypeLocation { get; init; }
    public required string CustomizedHelpText { get; init; }

    // Teams
    public required string TeamsMeeting { get; init; }
    public required string JoinOnDevice { get; init; }
    public required string ClickToJoin { get; init; }
    public required string JoinNow { get; init; }
    public required string JoinPrefix { get; init; }
    public required string MeetingId { get; init; }
    public required string Passcode { get; init; }
    public required string CallInAudioOnly { get; init; }
    public required string DialInByPhone { get; init; }
    public required string PhoneConferenceId { get; init; }
    public required string ResetPin { get; init; }
    public required string ResetDialInPin { get; init; }
    public required string LearnMore { get; init; }
    public required string MeetingOptions { get; init; }
    public required string DownloadTeams { get; init; }
    public required string JoinOnWeb { get; init; }
    public required string NeedHelp { get; init; }
    public required string SystemReference { get; init; }
    public required string ForOrganizers { get; init; }
    public required string JoinWithVideoDevice { get; init; }
    public required string VideoConferenceId { get; init; }
    public required string AlternateVtc { get; init; }
    public required string TenantKey { get; init; }
    public required string VideoId { get; init; }
    public required string MoreInfo { get; init; }
    public required string TeamsLocation { get; init; }

    private const string Nbsp = "\u00A0";

    public static BlockLabels English { get; } = new()
    {
        SkypeJoin = "Join Skype Meeting",
        SkypeTroubleJoining = "Trouble Joining?",
        SkypeTryWebApp = "Try Skype Web App",
        SkypeIntro = "This is an online meeting for Skype for Business, the professional meetings and communications app formerly known as Lync.",
        JoinByPhone = "Join by phone",
        FindLocalNumber = "Find a local number",
        ConferenceId = "Conference ID:",
        ForgotPin = "Forgot your dial-in PIN?",
        Help = "Help",
        SkypeLocation = "Skype Meeting",
        CustomizedHelpText = "Questions about this meeting? Call the service desk at extension 5555.",
        TeamsMeeting = "Microsoft Teams meeting",
        JoinOnDevice = "Join on your computer, mobile app or room device",
        ClickToJoin = "Click here to join the meeting",
        JoinNow = "Join the meeting now",
        JoinPrefix = "Join:",
        MeetingId = "Meeting ID:",
        Passcode = "Passcode:",
        CallInAudioOnly = "Or call in (audio only)",
        DialInByPhone = "Dial in by phone",
        PhoneConferenceId = "Phone conference ID:",
        ResetPin = "Reset PIN",
        ResetDialInPin = "Reset dial-in PIN",
        LearnMore = "Learn More",
        MeetingOptions = "Meeting options",
        DownloadTeams = "Download Teams",
        JoinOnWeb = "Join on the web",
        NeedHelp = "Need help?",
        SystemReference = "System reference",
        ForOrganizers = "For organizers:",
        JoinWithVideoDevice = "Join with a video conferencing device",
        VideoConferenceId = "Video Conference ID:",
        AlternateVtc = "Alternate VTC instructions",
        TenantKey = "Tenant key:",
        VideoId = "Video ID:",
        MoreInfo = "More info",
        TeamsLocation = "Microsoft Teams Meeting",
    };

    public static BlockLabels German { get; } = new()
    {
        SkypeJoin = "An Skype-Besprechung teilnehmen",
        SkypeTroubleJoining = "Probleme beim Beitreten?",
        SkypeTryWebApp = "Skype Web App ausprobieren",
        SkypeIntro = "Dies ist eine Onlinebesprechung für Skype for Business, die professionelle Besprechungs- und Kommunikations-App, früher bekannt als Lync.",
        JoinByPhone = "Telefonisch teilnehmen",
        FindLocalNumber = "Lokale Nummer suchen",
        ConferenceId = "Konferenz-ID:",
        ForgotPin = "Einwahl-PIN vergessen?",
        Help = "Hilfe",
        SkypeLocation = "Skype-Besprechung",
        CustomizedHelpText = "Fragen zu dieser Besprechung? Servicedesk: Durchwahl 5555.",
        TeamsMeeting = "Microsoft Teams-Besprechung",
        JoinOnDevice = "Auf dem Computer, in der mobilen App oder auf einem Raumgerät teilnehmen",
        ClickToJoin = "Klicken Sie hier, um an der Besprechung teilzunehmen",
        JoinNow = "Jetzt an der Besprechung teilnehmen",
        JoinPrefix = "Teilnehmen:",
        MeetingId = "Besprechungs-ID:",
        Passcode = "Kennung:",
        CallInAudioOnly = "Oder rufen Sie an (nur Audio)",
        DialInByPhone = "Telefonische Einwahl",
        PhoneConferenceId = "Telefonkonferenz-ID:",
        ResetPin = "PIN zurücksetzen",
        ResetDialInPin = "Einwahl-PIN zurücksetzen",
        LearnMore = "Weitere Informationen",
        MeetingOptions = "Besprechungsoptionen",
        DownloadTeams = "Teams herunterladen",
        JoinOnWeb = "Im Web teilnehmen",
        NeedHelp = "Benötigen Sie Hilfe?",
        SystemReference = "Systemreferenz",
        ForOrganizers = "Für Organisatoren:",
        JoinWithVideoDevice = "Mit einem Videokonferenzgerät teilnehmen",
        VideoConferenceId = "Videokonferenz-ID:",
        AlternateVtc = "Alternative VTC-Anweisungen",
        TenantKey = "Mandantenschlüssel:",
        VideoId = "Video-ID:",
        MoreInfo = "Weitere Infos",
        TeamsLocation = "Microsoft Teams-Besprechung",
    };

    public static BlockLabels French { get; } = new()
    {
        SkypeJoin = "Rejoindre la réunion Skype",
        SkypeTroubleJoining = "Des difficultés pour rejoindre la réunion" + Nbsp + "?",
        SkypeTryWebApp = "Essayez Skype Web App",
        SkypeIntro = "Il s’agit d’une réunion en ligne Skype Entreprise, l’application professionnelle de réunions et de communications anciennement appelée Lync.",
        JoinByPhone = "Rejoindre par téléphone",
        FindLocalNumber = "Trouver un numéro local",
        ConferenceId = "ID de conférence" + Nbsp + ":",
        ForgotPin = "Code PIN d’accès oublié" + Nbsp + "?",
        Help = "Aide",
        SkypeLocation = "Réunion Skype",
        CustomizedHelpText = "Une question sur cette réunion" + Nbsp + "? Appelez le support au poste 5555.",
        TeamsMeeting = "Réunion Microsoft Teams",
        JoinOnDevice = "Rejoindre sur votre ordinateur, une application mobile ou un appareil de salle",
        ClickToJoin = "Cliquez ici pour rejoindre la réunion",
        JoinNow = "Rejoindre la réunion maintenant",
        JoinPrefix = "Rejoindre" + Nbsp + ":",
        MeetingId = "ID de réunion" + Nbsp + ":",
        Passcode = "Code secret" + Nbsp + ":",
        CallInAudioOnly = "Ou appelez (audio uniquement)",
        DialInByPhone = "Appel entrant par téléphone",
        PhoneConferenceId = "ID de conférence téléphonique" + Nbsp + ":",
        ResetPin = "Réinitialiser le code PIN",
        ResetDialInPin = "Réinitialiser le code PIN d’accès",
        LearnMore = "En savoir plus",
        MeetingOptions = "Options de réunion",
        DownloadTeams = "Télécharger Teams",
        JoinOnWeb = "Rejoindre sur le web",
        NeedHelp = "Besoin d’aide" + Nbsp + "?",
        SystemReference = "Référence système",
        ForOrganizers = "Pour les organisateurs" + Nbsp + ":",
        JoinWithVideoDevice = "Rejoindre avec un appareil de visioconférence",
        VideoConferenceId = "ID de visioconférence" + Nbsp + ":",
        AlternateVtc = "Autres instructions VTC",
        TenantKey = "Clé du locataire" + Nbsp + ":",
        VideoId = "ID vidéo" + Nbsp + ":",
        MoreInfo = "Plus d’informations",
        TeamsLocation = "Réunion Microsoft Teams",
    };

    public static BlockLabels Spanish { get; } = new()
    {
        SkypeJoin = "Unirse a la reunión de Skype",
        SkypeTroubleJoining = "¿Problemas para unirse?",
        SkypeTryWebApp = "Pruebe Skype Web App",
        SkypeIntro = "Esta es una reunión en línea de Skype Empresarial, la aplicación profesional de reuniones y comunicaciones antes conocida como Lync.",
        JoinByPhone = "Unirse por teléfono",
        FindLocalNumber = "Buscar un número local",
        ConferenceId = "Id. de conferencia:",
        ForgotPin = "¿Olvidó su PIN de acceso telefónico?",
        Help = "Ayuda",
        SkypeLocation = "Reunión de Skype",
        CustomizedHelpText = "¿Preguntas sobre esta reunión? Llame al servicio técnico, extensión 5555.",
        TeamsMeeting = "Reunión de Microsoft Teams",
        JoinOnDevice = "Unirse desde el equipo, la aplicación móvil o un dispositivo de sala",
        ClickToJoin = "Haga clic aquí para unirse a la reunión",
        JoinNow = "Unirse a la reunión ahora",
        JoinPrefix = "Unirse:",
        MeetingId = "Id. de reunión:",
        Passcode = "Código de acceso:",
        CallInAudioOnly = "O llame (solo audio)",
        DialInByPhone = "Marcar por teléfono",
        PhoneConferenceId = "Id. de conferencia telefónica:",
        ResetPin = "Restablecer PIN",
        ResetDialInPin = "Restablecer PIN de acceso telefónico",
        LearnMore = "Más información",
        MeetingOptions = "Opciones de reunión",
        DownloadTeams = "Descargar Teams",
        JoinOnWeb = "Unirse en la web",
        NeedHelp = "¿Necesita ayuda?",
        SystemReference = "Referencia del sistema",
        ForOrganizers = "Para organizadores:",
        JoinWithVideoDevice = "Unirse con un dispositivo de videoconferencia",
        VideoConferenceId = "Id. de videoconferencia:",
        AlternateVtc = "Instrucciones alternativas de VTC",
        TenantKey = "Clave de inquilino:",
        VideoId = "Id. de vídeo:",
        MoreInfo = "Más información",
        TeamsLocation = "Reunión de Microsoft Teams",
    };

    public static BlockLabels Japanese { get; } = new()
    {
        SkypeJoin = "Skype 会議に参加",
        SkypeTroubleJoining = "参加できない場合",
        SkypeTryWebApp = "Skype Web App をお試しください",
        SkypeIntro = "これは Skype for Business (旧称 Lync) のオンライン会議です。",
        JoinByPhone = "電話で参加",
        FindLocalNumber = "市内番号を検索",
        ConferenceId = "会議 ID:",
        ForgotPin = "ダイヤルイン PIN をお忘れの場合",
        Help = "ヘルプ",
        SkypeLocation = "Skype 会議",
        CustomizedHelpText = "この会議についてのお問い合わせは、内線 5555 のサービス デスクまで。",
        TeamsMeeting = "Microsoft Teams 会議",
        JoinOnDevice = "コンピューター、モバイル アプリ、またはルーム デバイスで参加する",
        ClickToJoin = "ここをクリックして会議に参加してください",
        JoinNow = "今すぐ会議に参加する",
        JoinPrefix = "参加:",
        MeetingId = "会議 ID:",
        Passcode = "パスコード:",
        CallInAudioOnly = "または電話で参加 (音声のみ)",
        DialInByPhone = "電話でダイヤルイン",
        PhoneConferenceId = "電話会議 ID:",
        ResetPin = "PIN のリセット",
        ResetDialInPin = "ダイヤルイン PIN のリセット",
        LearnMore = "詳細情報",
        MeetingOptions = "会議のオプション",
        DownloadTeams = "Teams をダウンロード",
        JoinOnWeb = "Web で参加",
        NeedHelp = "ヘルプが必要ですか?",
        SystemReference = "システム参照",
        ForOrganizers = "開催者向け:",
        JoinWithVideoDevice = "ビデオ会議デバイスで参加する",
        VideoConferenceId = "ビデオ会議 ID:",
        AlternateVtc = "代替 VTC 手順",
        TenantKey = "テナント キー:",
        VideoId = "ビデオ ID:",
        MoreInfo = "詳細情報",
        TeamsLocation = "Microsoft Teams 会議",
    };

    public static BlockLabels Swedish { get; } = new()
    {
        SkypeJoin = "Anslut till Skype-mötet",
        SkypeTroubleJoining = "Problem med att ansluta?",
        SkypeTryWebApp = "Prova Skype Web App",
        SkypeIntro = "Det här är ett onlinemöte för Skype för företag, den professionella mötes- och kommunikationsappen som tidigare hette Lync.",
        JoinByPhone = "Anslut per telefon",
        FindLocalNumber = "Hitta ett lokalt nummer",
        ConferenceId = "Konferens-ID:",
        ForgotPin = "Glömt PIN-koden för inringning?",
        Help = "Hjälp",
        SkypeLocation = "Skype-möte",
        CustomizedHelpText = "Frågor om mötet? Ring servicedesk på anknytning 5555.",
        TeamsMeeting = "Microsoft Teams-möte",
        JoinOnDevice = "Anslut via datorn, mobilappen eller rumsenheten",
        ClickToJoin = "Klicka här för att ansluta till mötet",
        JoinNow = "Anslut till mötet nu",
        JoinPrefix = "Anslut:",
        MeetingId = "Mötes-ID:",
        Passcode = "Lösenord:",
        CallInAudioOnly = "Eller ring in (endast ljud)",
        DialInByPhone = "Ring in per telefon",
        PhoneConferenceId = "Telefonkonferens-ID:",
        ResetPin = "Återställ PIN-kod",
        ResetDialInPin = "Återställ PIN-kod för inringning",
        LearnMore = "Läs mer",
        MeetingOptions = "Mötesalternativ",
        DownloadTeams = "Ladda ned Teams",
        JoinOnWeb = "Anslut på webben",
        NeedHelp = "Behöver du hjälp?",
        SystemReference = "Systemreferens",
        ForOrganizers = "För organisatörer:",
        JoinWithVideoDevice = "Anslut med en videokonferensenhet",
        VideoConferenceId = "Videokonferens-ID:",
        AlternateVtc = "Alternativa VTC-instruktioner",
        TenantKey = "Klientnyckel:",
        VideoId = "Video-ID:",
        MoreInfo = "Mer information",
        TeamsLocation = "Microsoft Teams-möte",
    };
}
