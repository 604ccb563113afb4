# Bad values generated from the cmdlets' own metadata (Get-Command: parameter sets, types, mandatory), the rules that say
# which of them a parameter may legitimately accept, and the runner that calls every cmdlet with them. Dot-sourced by
# GeneratedBadInput.Tests.ps1 after TestHelpers.ps1. Nothing here names a cmdlet's parameter list: a new parameter is
# called with the same values the day it is added, and held to the strict rule unless a rule below says otherwise.

$script:MmCommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

# A value that passes validation for a parameter, so a call varies one parameter at a time: by "Cmdlet:Parameter", then by
# parameter name, then by type. Values of the seeded store (BeforeEach of the test: user ashaw, bridge Main, number
# +14255550100) so lookups find something.
function Get-MmValidValue {
    param([string] $Command, [System.Management.Automation.ParameterMetadata] $Parameter, [hashtable] $Context)
    $byCommand = @{
        'Register-CsOnlineDialInConferencingServiceNumber:Identity'   = '+14255550199'
        'Unregister-CsOnlineDialInConferencingServiceNumber:Identity' = '+14255550100'
        'Get-CsTenantMigrationConfiguration:Identity'                 = 'Global'
        'Get-CsOnlineDialInConferencingTenantSettings:Identity'       = 'Global'
        'Set-CsTenantMigrationConfiguration:Identity'                 = 'Global'
        'Set-CsOnlineDialInConferencingTenantSettings:Identity'       = 'Global'
        'Remove-CsOnlineDialInConferencingTenantSettings:Identity'    = 'Global'
        'New-CsOnlineDialInConferencingBridge:Name'                   = 'Second'
        'Connect-MeetingMigration:StorePath'                          = $Context.StorePath
    }
    $byName = @{
        Identity = 'ashaw@contoso.com'; BridgeName = 'Main'; Name = 'Main'; ServiceNumber = '+14255550100'; TollFreeServiceNumber = '+18005550100'
        FromNumber = '+14255550100'; ToNumber = '+14255550100'; ConferenceId = '4715832'; JoinUrl = 'https://meet.contoso.com/a/B'
        TollNumber = '+14255550101'; TollFreeNumber = @('+18005550101'); DialInUrl = 'https://dialin.contoso.com/x'; City = 'Redmond'
        PrimaryLanguage = 'en-US'; SecondaryLanguages = @('fr-FR'); Region = 'EMEA'; NewName = 'Renamed'; DefaultServiceNumber = '+14255550100'
        DefaultTollFreeServiceNumber = '+18005550100'; SendEmailFromAddress = 'admin@contoso.com'; SendEmailFromDisplayName = 'Admin'
        AllowedDialOutExternalDomains = @('contoso.com'); Filter = 'Glob*'; TenantId = 'contoso.onmicrosoft.com'; ClientId = [guid]::new('11111111-2222-3333-4444-555555555555').ToString()
        CertificateThumbprint = 'AB' * 20; CertificatePath = $Context.MissingFile; Path = $Context.MissingFile; GraphEndpoint = $Context.UnreachableGraph
        StartTime = [datetime]::new(2016, 10, 1); EndTime = [datetime]::new(2016, 10, 8); BridgeId = $Context.BridgeId; MsftInternalProcessingMode = ''
        RetryWindow = [timespan]::FromHours(1); TriggerDelay = [timespan]::FromMinutes(5); DelayBetweenUsers = [timespan]::FromSeconds(1)
        UserRetryLimit = 3; StatusRetentionDays = 30; HorizonDays = 365; PinLength = [uint32]5
    }
    $key = "${Command}:$($Parameter.Name)"
    if ($byCommand.ContainsKey($key)) { return , $byCommand[$key] }
    if ($byName.ContainsKey($Parameter.Name)) { return , $byName[$Parameter.Name] }
    $type = Get-MmUnderlyingType $Parameter.ParameterType
    if ($Parameter.Name -eq 'BridgeId' -or $type -eq [guid]) { return , $Context.BridgeId }
    if ($type -eq [System.Management.Automation.SwitchParameter]) { return , [switch]$true }
    if ($type -eq [securestring]) { return , (ConvertTo-SecureString 'valid-token' -AsPlainText -Force) }
    if ($type -eq [bool]) { return , $true }
    if ($type.IsEnum) { return , [enum]::GetValues($type)[0] }
    if ($type -eq [timespan]) { return , [timespan]::FromMinutes(1) }
    if ($type -eq [datetime]) { return , [datetime]::new(2016, 10, 1) }
    if ($type -eq [psobject]) { return , (Get-CsTenantMigrationConfiguration) }
    if ($type.IsPrimitive) { return , [Convert]::ChangeType(1, $type) }
    , 'x'
}

function Get-MmUnderlyingType {
    param([type] $Type)
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { return $inner }
    $Type
}

# The hostile values for one parameter: every parameter gets the text and shape values; its type adds out-of-range ones.
# Kind names are what the rules below (and the report) speak of.
function Get-MmBadValues {
    param([System.Management.Automation.ParameterMetadata] $Parameter)
    $secure = { param([string] $text) if ($text.Length -eq 0) { [securestring]::new() } else { ConvertTo-SecureString $text -AsPlainText -Force } }
    $texts = [ordered]@{
        Empty     = ''
        Long      = 'a' * 100000
        Nul       = "a$([char]0)b"
        CrLf      = "a`r`nX-Injected: 1"
        Esc       = "a$([char]0x1b)[31mred"
        Bidi      = "ab$([char]0x202E)gpj.exe"
        Isolate   = "$([char]0x2066)a$([char]0x2069)"
        LookAlike = "$([char]0x430)dmin@contoso.com"
        Sql       = "'; DROP TABLE requests;--"
        Html      = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    }
    $values = [System.Collections.Generic.List[object]]::new()
    $add = { param($kind, $value) $values.Add([pscustomobject]@{ Kind = $kind; Value = $value }) }
    & $add 'Null' $null
    $type = Get-MmUnderlyingType $Parameter.ParameterType
    if ($type -eq [securestring]) {
        # A SecureString parameter: the same texts, wrapped as the parameter takes them, and a plain string (wrong type).
        # (A SecureString holds at most 65,536 characters: Long is the longest one there can be, not a failed conversion.)
        foreach ($kind in $texts.Keys) { $text = $texts[$kind]; & $add $kind (& $secure $text.Substring(0, [Math]::Min($text.Length, 65536))) }
        & $add 'WrongType' 'plain-text-not-securestring'
        return $values
    }
    foreach ($kind in $texts.Keys) { & $add $kind $texts[$kind] }
    & $add 'WrongType' @{ Wrong = 1 }
    if ($type -eq [string[]]) { & $add 'NullItem' @('contoso.com', $null); & $add 'EmptyList' @() }
    if ($type.IsPrimitive -and $type -ne [bool]) {
        & $add 'Negative' (-1); & $add 'Huge' ([long]::MaxValue); & $add 'Overflow' '1e400'; & $add 'Fraction' 2.5; & $add 'NaN' ([double]::NaN)
    }
    if ($type -eq [bool]) { & $add 'NotBoolean' 'perhaps'; & $add 'Number' 2 }
    if ($type -eq [System.Management.Automation.SwitchParameter]) { & $add 'NotBoolean' 'perhaps' }
    if ($type -eq [datetime]) { & $add 'MinDate' ([datetime]::MinValue); & $add 'MaxDate' ([datetime]::MaxValue); & $add 'NoSuchDate' '2016-02-30' }
    if ($type -eq [timespan]) { & $add 'Negative' ([timespan]::FromSeconds(-1)); & $add 'Huge' ([timespan]::MaxValue); & $add 'Overflow' '99999999.00:00:00' }
    if ($type -eq [guid]) { & $add 'NotAGuid' 'not-a-guid'; & $add 'EmptyGuid' ([guid]::Empty) }
    if ($type.IsEnum) { & $add 'NotAMember' 'NotAMember'; & $add 'Undefined' 9999 }
    $values
}

# Whether a call that SUCCEEDED with this value is legitimate. Everything not named here must be refused: the strict rule
# is the default, so a new parameter that swallows garbage fails the test until someone decides it may.
function Test-MmAcceptable {
    param([string] $Command, [System.Management.Automation.ParameterMetadata] $Parameter, [bool] $Mandatory, [string] $Kind)
    $name = $Parameter.Name
    $type = Get-MmUnderlyingType $Parameter.ParameterType
    $readOnly = $Command -match '^(Get|Find)-'
    # Identities are validated everywhere, lookups included (a look-alike must never name another user).
    # (A settings cmdlet's -Identity is the configuration's name, Global when left out, not a user.)
    $isIdentity = $name -eq 'Identity' -and $type -eq [string] -and $Command -notmatch 'TenantSettings$|MigrationConfiguration$'
    # Text an admin writes for people, not for machines: SQL and HTML text are just words here (stored as data, never
    # executed; rendered escaped), and a look-alike letter is a letter; a hashtable given to text is its type name.
    $freeText = $name -in 'Name', 'NewName', 'City', 'Region', 'SendEmailFromDisplayName'
    # Paths name files: SQL, HTML and look-alike text are legal file names.
    $path = $name -in 'StorePath'
    # -Filter is a wildcard pattern over configuration names: any readable pattern is legal and matches what it matches.
    $pattern = $name -eq 'Filter'

    switch ($Kind) {
        { $_ -in 'Null', 'Empty', 'EmptyList' } {
            # Leaving out an optional value, or clearing one, is legitimate; a mandatory one must be given.
            if ($Mandatory) { return $false }
            return (-not $isIdentity) -or ($readOnly -and $Kind -eq 'Null')
        }
        { $_ -in 'Sql', 'Html', 'LookAlike', 'WrongType' } {
            # A hashtable given to -TenantId (or -StoreTenant, a tenant id or domain too) becomes 'System.Collections.Hashtable':
            # a well-formed domain name. (-AllowedDialOutExternalDomains takes a hashtable as an edit: Add, Remove, Replace.)
            if ($Kind -eq 'WrongType' -and $name -in 'TenantId', 'StoreTenant') { return $true }
            if ($type -ne [string] -and $type -ne [string[]] -and $type -ne [psobject]) { return $false }
            if ($freeText -or $path -or $pattern) { return $true }
            # A lookup by a name or number that matches nothing finds nothing (identities excepted, above).
            return $readOnly -and -not $isIdentity
        }
        { $_ -in 'Nul', 'CrLf', 'Esc', 'Bidi', 'Isolate', 'Long' } {
            # These never become data; a read-only lookup may still answer "nothing found" as it changes nothing.
            if ($type -eq [string] -and $pattern) { return $true }
            return $readOnly -and -not $isIdentity -and $type -eq [string]
        }
        'Number' { return $type -eq [bool] }                        # PowerShell's own rule: any number binds to [bool]
        'NullItem' { return $false }
        { $_ -in 'MinDate', 'MaxDate' } { return $readOnly }        # a date filter may be as wide as it likes
        'EmptyGuid' { return $readOnly }                            # finds nothing
        'Fraction' { return $type -ne [bool] }                      # PowerShell's own rule: 2.5 binds to an integer as 2
        default { return $false }
    }
}

# The ErrorId part of a FullyQualifiedErrorId is specific when it is one of the module's own (ErrorIds, read from the
# engine: UnexpectedError excluded) or one of PowerShell's parameter-binding ids, which name exactly what was wrong.
function Get-MmSpecificErrorIds {
    $engine = [System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object Assemblies | Where-Object { $_.GetName().Name -eq 'MeetingMigration.Engine' } | Select-Object -First 1
    if (-not $engine) { throw 'MeetingMigration.Engine is not loaded: import the module first.' }
    $ids = $engine.GetType('MeetingMigration.Engine.Errors.ErrorIds', $true).GetFields() | Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() }
    @($ids | Where-Object { $_ -ne 'UnexpectedError' })
}
$script:MmBindingErrorIds = '^(ParameterBindingFailed|ParameterArgumentValidationError\w*|ParameterArgumentTransformationError\w*|CannotConvertArgument\w*|MissingArgument|AmbiguousParameterSet|NamedParameterNotFound|ParameterAlreadyBound|MissingMandatoryParameter\w*|PositionalParameterNotFound|InputObjectNotBound)$'

# What is wrong with a refusal (empty: nothing). $Own: the module's ErrorIds.
function Get-MmRefusalProblem {
    param([System.Management.Automation.ErrorRecord] $ErrorRecord, [string[]] $Own)
    $id = ($ErrorRecord.FullyQualifiedErrorId -split ',')[0]
    $binding = $ErrorRecord.Exception -is [System.Management.Automation.ParameterBindingException]
    if ($binding) {
        if ($id -notmatch $script:MmBindingErrorIds) { return "generic binding ErrorId '$id'" }
    }
    elseif ($id -notin $Own) { return "generic ErrorId '$id' ($($ErrorRecord.Exception.GetType().FullName))" }
    # PowerShell's binder writes its own message, quoting the value as given; that text is PowerShell's, not ours (it is
    # counted in the report); our messages must be bounded and inert.
    if ($binding) { return '' }
    $message = Get-MmErrorMessage $ErrorRecord
    if ($message.Length -gt 1000) { return "message of $($message.Length) characters" }
    if ($message -match '[\p{Cc}\p{Cf}\u2028\u2029]') {
        return "raw U+{0:X4} in the message" -f [int][char]$Matches[0]
    }
    ''
}
