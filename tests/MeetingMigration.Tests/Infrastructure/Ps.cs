using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>Reading PowerShell objects in assertions.</summary>
    public static class Ps
    {
        /// <summary>A property's value (adapted, alias and note properties included); fails when the property does not exist.</summary>
        public static object? Prop(this PSObject item, string name)
        {
            var property = item.Properties[name];
            Assert.True(property != null, $"The object ({string.Join(",", item.TypeNames)}) has no property '{name}'.");
            var value = property!.Value;
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        /// <summary>A property's value as text (enums by name, dates round-trip).</summary>
        public static string Text(this PSObject item, string name) => ModuleRunspace.Format(item.Prop(name));

        public static IReadOnlyList<string> Texts(this IEnumerable<PSObject> items, string name) => items.Select(i => i.Text(name)).ToList();

        /// <summary>The error's id without the ",CommandName" suffix.</summary>
        public static string ShortId(this ErrorRecord error)
        {
            var id = error.FullyQualifiedErrorId;
            var comma = id.IndexOf(',');
            return comma < 0 ? id : id.Substring(0, comma);
        }

        /// <summary>The text shown to the admin: ErrorDetails when set, else the exception's message.</summary>
        public static string Message(this ErrorRecord error) => error.ErrorDetails?.Message ?? error.Exception.Message;

        public const string CmdletNamespace = "MeetingMigration.PowerShell.Cmdlets.";

        /// <summary>Asserts the full id: "&lt;id&gt;,MeetingMigration.PowerShell.Cmdlets.&lt;CmdletClass&gt;".</summary>
        public static void AssertId(this ErrorRecord error, string errorId, string cmdletClass) =>
            Assert.Equal(errorId + "," + CmdletNamespace + cmdletClass, error.FullyQualifiedErrorId);
    }
}
