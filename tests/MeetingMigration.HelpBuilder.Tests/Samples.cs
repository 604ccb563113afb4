using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace MeetingMigration.HelpBuilder.Tests
{
    /// <summary>A page in platyPS's layout, and the metadata of the cmdlet it documents.</summary>
    internal static class Samples
    {
        public const string File = "docs/cmdlets/Set-Widget.md";

        public const string Page = @"---
external help file: Sample.dll-Help.xml
Module Name: Sample
schema: 2.0.0
---

# Set-Widget

## SYNOPSIS
Changes a widget; values such as <b> & ""quotes"" are
escaped.

## SYNTAX

### Name (Default)
```
Set-Widget [-Name] <String> [-Size <Int32>] [-Shape <WidgetShape>] [-PassThru] [-WhatIf] [-Confirm]
 [<CommonParameters>]
```

### Input
```
Set-Widget -InputObject <PSObject> [-Size <Int32>] [-PassThru] [-WhatIf] [-Confirm] [<CommonParameters>]
```

## DESCRIPTION
First paragraph,
on two lines.

Second paragraph.

## EXAMPLES

### Example 1: Resize
```powershell
Set-Widget w1 -Size 3
```
```
Name Size
---- ----
w1      3
```
Resizes `w1`.

### Example 2
```powershell
Get-Widget | Set-Widget -Size 1
```

## PARAMETERS

### -Name
The widget's name.

```yaml
Type: String
Aliases: Id
Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -InputObject
A widget.

```yaml
Type: PSObject
Parameter Sets: Input
Required: True
Position: Named
Accept pipeline input: True (ByValue)
```

### -Size
The size, 1 to 10.

### -Shape
The shape.

```yaml
Type: WidgetShape
Accepted values: Round, Square
Required: False
Position: Named
Default value: Round
```

Shapes can be changed only once.

### -PassThru
Returns the widget.

### -WhatIf
Shows what would change.

### -Confirm
Asks first.

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String
A name, by property name.

## OUTPUTS

### None
By default.

### Sample.Widget
With -PassThru.

## NOTES
- One note
  that continues.
- Another with `code`.

## RELATED LINKS
- Get-Widget
- [Online](https://example.com/set-widget)
";

        public static CmdletMetadata Metadata(Func<ParameterMetadata, ParameterMetadata>? change = null, bool shouldProcess = true,
            IReadOnlyList<string>? outputs = null)
        {
            const string all = "__AllParameterSets";
            var parameters = new List<ParameterMetadata>
            {
                P("Name", "String", "System.String", new[] { "Id" }, new ParameterSetBinding("Name", true, 0, false, true)),
                P("InputObject", "PSObject", "System.Management.Automation.PSObject", Array.Empty<string>(), new ParameterSetBinding("Input", true, null, true, false)),
                P("Size", "Int32", "System.Int32", Array.Empty<string>(), new ParameterSetBinding(all, false, null, false, false)),
                P("Shape", "WidgetShape", "Sample.WidgetShape", Array.Empty<string>(), new ParameterSetBinding("Name", false, null, false, false)) with { EnumValues = new[] { "Round", "Square", "Star" } },
                P("PassThru", "SwitchParameter", "System.Management.Automation.SwitchParameter", Array.Empty<string>(), new ParameterSetBinding(all, false, null, false, false)) with { IsSwitch = true },
            };
            if (change != null) parameters = parameters.ConvertAll(p => change(p));
            return new CmdletMetadata("Set-Widget", shouldProcess, "Name", parameters, outputs ?? new[] { "Sample.Widget" });
        }

        private static ParameterMetadata P(string name, string type, string fullType, string[] aliases, ParameterSetBinding set) =>
            new ParameterMetadata(name, type, fullType, false, aliases, new[] { set }, false, Array.Empty<string>());

        public static CmdletPage Parse(string text = Page) => MarkdownPageParser.Parse(File, text, "Set-Widget");

        /// <summary>A folder of its own for a test, removed afterwards.</summary>
        public sealed class TempFolder : IDisposable
        {
            public TempFolder()
            {
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mm-helpbuilder-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Path);
            }

            public string Path { get; }

            public string Write(string name, string text)
            {
                var file = System.IO.Path.Combine(Path, name);
                System.IO.File.WriteAllText(file, text);
                return file;
            }

            public void Dispose()
            {
                try { Directory.Delete(Path, true); } catch (IOException) { }
            }
        }
    }

    // ---- sample cmdlets for CmdletMetadataReader (compiled into this test assembly) ----

    public enum SampleColor { Red, Green }

    [Cmdlet(VerbsCommon.Set, "SampleThing", SupportsShouldProcess = true, DefaultParameterSetName = "ByName")]
    [OutputType(typeof(string), typeof(SampleColor))]
    public sealed class SetSampleThingCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Key")]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = "ByObject", ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter] public SampleColor? Color { get; set; }
        [Parameter] public string[]? Tags { get; set; }
        [Parameter] public SwitchParameter PassThru { get; set; }
        [Parameter(DontShow = true)] public string? Hidden { get; set; }

        public string NotAParameter { get; set; } = "";
    }

    [Cmdlet(VerbsCommon.Get, "SampleThing")]
    public sealed class GetSampleThingCommand : Cmdlet
    {
    }

    public sealed class NotACmdlet
    {
        public string Name { get; set; } = "";
    }
}
