using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MeetingMigration.Tests.Infrastructure
{
    /// <summary>What one script run produced: its output objects, every error record, and whether it was cut short.</summary>
    public sealed class PsResult
    {
        public PsResult(string script, IReadOnlyList<PSObject> output, IReadOnlyList<ErrorRecord> nonTerminatingErrors,
            ErrorRecord? terminatingError, IReadOnlyList<string> warnings)
        {
            Script = script;
            Output = output;
            NonTerminatingErrors = nonTerminatingErrors;
            TerminatingError = terminatingError;
            Warnings = warnings;
        }

        public string Script { get; }
        /// <summary>Output objects, $null entries left out.</summary>
        public IReadOnlyList<PSObject> Output { get; }
        /// <summary>Errors written with WriteError: the statement went on.</summary>
        public IReadOnlyList<ErrorRecord> NonTerminatingErrors { get; }
        /// <summary>The error that stopped the statement (ThrowTerminatingError, a parameter binding failure...), if any.</summary>
        public ErrorRecord? TerminatingError { get; }
        public IReadOnlyList<string> Warnings { get; }

        public bool Terminated => TerminatingError != null;

        /// <summary>Every error, non-terminating ones first.</summary>
        public IReadOnlyList<ErrorRecord> Errors =>
            TerminatingError == null ? NonTerminatingErrors : NonTerminatingErrors.Concat(new[] { TerminatingError }).ToList();

        /// <summary>The base objects of the output.</summary>
        public IReadOnlyList<object> Objects => Output.Select(o => o.BaseObject).ToList();

        /// <summary>Fails the test, with every error's text, unless the script ran without any error.</summary>
        public PsResult AssertSuccess()
        {
            if (Errors.Count > 0)
            {
                var messages = string.Join(Environment.NewLine, Errors.Select(e => $"  {e.FullyQualifiedErrorId}: {e}"));
                Assert.Fail($"Script failed:{Environment.NewLine}{Script}{Environment.NewLine}{messages}");
            }
            return this;
        }

        /// <summary>The single error of the run (terminating or not); fails the test when there is not exactly one.</summary>
        public ErrorRecord SingleError()
        {
            if (Errors.Count != 1)
            {
                var messages = string.Join(Environment.NewLine, Errors.Select(e => $"  {e.FullyQualifiedErrorId}: {e}"));
                Assert.Fail($"Expected exactly one error from:{Environment.NewLine}{Script}{Environment.NewLine}got {Errors.Count}:{Environment.NewLine}{messages}");
            }
            return Errors[0];
        }
    }
}
