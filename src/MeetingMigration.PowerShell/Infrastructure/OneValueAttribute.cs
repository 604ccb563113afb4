using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A parameter that takes one text value takes a list of one as that value (a Get object's list of one toll-free
    /// number copied to another user, a variable that happens to hold one item) and refuses an empty list or one of several
    /// with the values and what to give. PowerShell's binder refused all three with "Specified method is not supported"
    /// (outside probe BI-F3). <see cref="PlainTextAttribute"/> starts with the same step.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class OneValueAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The parameter takes pipeline input, so several values are given by piping them (the error says so).</summary>
        public bool Pipeable { get; set; }

        /// <summary>
        /// A secret (a SecureString parameter): the refusal names no value, since plain text given there by mistake is the
        /// secret itself, and a SecureString wrapped in a PSObject is passed on unwrapped (the binder refused it as "Cannot
        /// convert 'SecureString' to 'SecureString'": outside probe BN-F1).
        /// </summary>
        public bool Secret { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = Single(inputData, Pipeable, Secret);
            return Secret ? SecretOnly(value) : value;
        }

        /// <summary>
        /// A SecureString, unwrapped, or null; anything else is refused naming only its type. PowerShell's refusal quoted the
        /// object, and an object holding the secret (a ConvertFrom-Json configuration, an Import-Csv row) printed it in
        /// plain text (outside probe BP-F1); an [ordered]@{} was taken as an empty secret, a disposed one threw .NET's
        /// ObjectDisposedException (BP-F2).
        /// </summary>
        private static object? SecretOnly(object? value)
        {
            var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (bare == null) return null;
            if (bare is System.Security.SecureString secure)
            {
                try
                {
                    _ = secure.Length;
                    return secure;
                }
                catch (ObjectDisposedException)
                {
                    throw new ArgumentTransformationMetadataException("The SecureString given was disposed, so it holds nothing to read: give a new one. Nothing was done.");
                }
            }
            var kind = bare is string ? "text" : bare is DBNull ? "$null" : $"an object of type {bare.GetType().Name}";
            throw new ArgumentTransformationMetadataException(
                $"The value is {kind}, not a SecureString (not shown: this parameter takes a secret). Give a SecureString, such as " +
                "(Read-Host -AsSecureString), or (ConvertTo-SecureString $text -AsPlainText -Force) for text read from a vault or a file. Nothing was done.");
        }

        /// <summary>The value itself, or a list's only item; throws the binder's transformation error for other lists.</summary>
        public static object? Single(object? inputData, bool pipeable = false, bool secret = false)
        {
            // A list of one list of one (@(,@('x'))) is its innermost item; a list that holds itself ends the unwrapping.
            for (var depth = 0; depth < 16 && (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is IList { Count: 1 } one && !(one is string); depth++)
                inputData = one[0];
            if (!((inputData is PSObject wrappedList ? wrappedList.BaseObject : inputData) is IList list) || list is string) return inputData;
            if (list.Count == 1)
                throw new ArgumentTransformationMetadataException("The value is a list nested too deep to read: give the value itself. Nothing was done for this input.");
            if (list.Count == 0)
                throw new ArgumentTransformationMetadataException("An empty list is no value: give one value. Nothing was done for this input.");
            var shown = secret ? "not shown: this parameter takes a secret"
                : string.Join(", ", list.Cast<object?>().Take(3).Select(item => QuotedValue.Of(item == null ? "" : PSObject.AsPSObject(item).ToString()))) + (list.Count > 3 ? ", …" : "");
            // A secret's count is not said either: a char[] or byte[] of it is a list whose length is the secret's (BQ-F4).
            throw new ArgumentTransformationMetadataException(
                $"{(secret ? "A list of values was" : $"{list.Count} values were")} given ({shown}); this parameter takes one. " +
                (pipeable ? "To act on each of them, pipe them to the command (@('a', 'b') | …)." : "Give one value, or run the command once for each value.") +
                " Nothing was done for this input.");
        }
    }
}
