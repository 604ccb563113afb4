using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A list parameter that binds from a piped object's property takes one text holding several items, separated by
    /// commas or semicolons ("fr-FR;de-DE"). A CSV cell is always one text, and bound by property name there is no place
    /// for the admin to split it: the cell was refused as one bad item. Only for items that never hold a comma or a
    /// semicolon themselves (language tags, phone numbers). Anything that is not text is passed on for the binder to convert.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ListFromTextAttribute : ArgumentTransformationAttribute
    {
        private static readonly char[] Separators = { ',', ';' };

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string text) return Items(text).ToArray();
            if (!(value is IEnumerable items) || value is IDictionary) return inputData;
            var result = new List<object?>();
            Add(items, result, 0);
            return result.ToArray();
        }

        /// <summary>
        /// The items, a list inside the list read as its items (@(,@('x')), or a Get object's list among other values: the
        /// binder refused it with "Specified method is not supported", outside probe BN-F5), a few levels deep.
        /// </summary>
        private static void Add(IEnumerable items, List<object?> result, int depth)
        {
            foreach (var item in items)
            {
                var bare = item is PSObject w ? w.BaseObject : item;
                if (bare is string part) result.AddRange(Items(part));
                else if (depth < 8 && bare is IList inner && !(bare is IDictionary)) Add(inner, result, depth + 1);
                else result.Add(item); // the binder converts (or refuses) it as before
            }
        }

        /// <summary>
        /// The items of one text: without a separator the text itself, as it is (a blank one the cmdlets read as none);
        /// with separators, the trimmed parts that are not blank; separators and nothing else, the text itself again, which
        /// the cmdlet refuses as an item (';' was read as no item, and Set-MeetingMigrationConferencingProfile removed every
        /// toll-free number for it: outside probe BH-F2). Also -AllowedDialOutExternalDomains' reading of a text.
        /// </summary>
        internal static IEnumerable<string> Items(string text)
        {
            if (text.IndexOfAny(Separators) < 0) return new[] { text };
            var parts = text.Split(Separators).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            return parts.Count > 0 ? parts : new List<string> { text };
        }
    }
}
