using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Takes an enum parameter's value by name (any case) and refuses any other text with the value and the names it takes.
    /// Bound by property name from a piped object (a CSV row), a name the binder cannot convert is not an error: the
    /// parameter is left at its default and the row runs with it (found by an outside probe: "Skype" queued All-to-Teams,
    /// "Temas" kept Skype meetings as Skype). Refused here, the row gets an error of its own and is not run.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class EnumNameAttribute : ArgumentTransformationAttribute
    {
        private readonly Type _enum;
        private readonly object? _whenEmpty;

        /// <param name="enumType">The enumeration whose names (any case) and defined numbers the parameter takes.</param>
        /// <param name="whenEmpty">
        /// The parameter's default, taken for empty text: a CSV row with the column but nothing in it means "the default",
        /// as an admin filling in only some rows means it (it was refused; found by an outside probe of bulk scripting).
        /// </param>
        public EnumNameAttribute(Type enumType, object? whenEmpty = null)
        {
            _enum = enumType;
            _whenEmpty = whenEmpty;
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text)) return inputData;
            if (_whenEmpty != null && text.Trim().Length == 0) return _whenEmpty;
            var names = Enum.GetNames(_enum);
            var name = names.FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name != null) return Enum.Parse(_enum, name);
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(_enum, number))
                return Enum.ToObject(_enum, number);
            throw new ArgumentTransformationMetadataException(
                $"{QuotedValue.Of(text)} is not a {_enum.FullName} value: give {string.Join(", ", names.Take(names.Length - 1))} or {names.Last()}. Nothing was done for this input.");
        }
    }
}
