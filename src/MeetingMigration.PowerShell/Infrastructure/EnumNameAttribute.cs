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

        /// <summary>
        /// Names the enumeration has but the cmdlet refuses (its own error says why): left out of the names a refusal offers,
        /// which told the admin to give a value the cmdlet then refused (outside probe AR: SkypeForBusinessServer for a move).
        /// </summary>
        public string[] NotOffered { get; set; } = Array.Empty<string>();

        /// <summary>For a nullable parameter (a filter): $null is passed on as "not given", as the binder passed it.</summary>
        public bool NullAsNotGiven { get; set; }

        /// <summary>For an array parameter: each element is taken or refused as one value would be.</summary>
        public bool Many { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (Many && value is System.Collections.IEnumerable several && !(value is string))
            {
                var items = several.Cast<object?>().Select(One).ToList();
                var array = Array.CreateInstance(_enum, items.Count);
                for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
                return array;
            }
            // A list of one is its item, as for text parameters; several are refused in the same words (outside probe BK-F2).
            return One(OneValueAttribute.Single(inputData));
        }

        private object? One(object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value != null && value.GetType() == _enum) return Many ? value : inputData;
            if ((value == null || value is DBNull) && NullAsNotGiven) return null;
            // A CSV row's empty last field comes as $null, not "": the same empty cell (it got PowerShell's "because it is null").
            if ((value == null || value is DBNull) && _whenEmpty != null) return _whenEmpty;
            var names = Enum.GetNames(_enum);
            if (value is string text)
            {
                // A cell left blank is empty or spaces; a tab or a line break is no blank cell but a value, refused below:
                // "`r`n" queued a migration of All meetings (outside probe BD-F6).
                if (_whenEmpty != null && text.All(c => c == ' ')) return _whenEmpty;
                var name = names.FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
                if (name != null) return Enum.Parse(_enum, name);
                if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && Enum.IsDefined(_enum, parsed))
                    return Enum.ToObject(_enum, parsed);
            }
            // A number is taken where it is one of the enumeration's (as PowerShell takes [MeetingMigration.SourceMeetingType]2);
            // any other value is refused like other text. Bound from a piped object's property, the binder would leave the
            // parameter at its default and queue the row with it (an outside probe: 9, -1, 1.5 and $true queued All).
            else if (value is Enum other && names.FirstOrDefault(n => n == other.ToString()) is string sameName)
                return Enum.Parse(_enum, sameName);
            else if (!(value is bool) && value is IConvertible number && IsWholeNumber(number, out var whole) && Enum.IsDefined(_enum, whole))
                return Enum.ToObject(_enum, whole);
            var offered = names.Where(n => !NotOffered.Contains(n)).ToArray();
            throw new ArgumentTransformationMetadataException(
                $"{QuotedValue.Of(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")} is not a {_enum.FullName} value: give " +
                $"{string.Join(", ", offered.Take(offered.Length - 1))} or {offered.Last()}. Nothing was done for this input.");
        }

        /// <summary>An integer, or a number with nothing after its point, within int's range.</summary>
        private static bool IsWholeNumber(IConvertible value, out int whole)
        {
            whole = 0;
            switch (value.GetTypeCode())
            {
                case TypeCode.SByte: case TypeCode.Byte: case TypeCode.Int16: case TypeCode.UInt16: case TypeCode.Int32:
                case TypeCode.UInt32: case TypeCode.Int64: case TypeCode.UInt64: case TypeCode.Single: case TypeCode.Double: case TypeCode.Decimal:
                    decimal d;
                    try { d = value.ToDecimal(CultureInfo.InvariantCulture); }
                    catch (OverflowException) { return false; } // NaN, infinities, numbers beyond decimal's range
                    if (d != decimal.Truncate(d) || d < int.MinValue || d > int.MaxValue) return false;
                    whole = (int)d;
                    return true;
                default:
                    return false;
            }
        }
    }
}
