using System;
using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Reads a Set cmdlet's whole-number or time-span parameter strictly (<see cref="StrictValues"/>) before PowerShell's
    /// binder converts it; a value it refuses is the binder's ParameterArgumentTransformationError naming the parameter,
    /// the value and what to give, and the cmdlet does not run.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class StrictValueAttribute : ArgumentTransformationAttribute
    {
        private readonly Type _type;

        public StrictValueAttribute(Type type) => _type = type;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // A list of one is its item, as for every parameter of one value; several name their values (outside probes BK-F2, BM-F1).
            inputData = OneValueAttribute.Single(inputData);
            if (StrictValues.TryRead(inputData, _type, out var value, out var problem)) return value;
            throw new ArgumentTransformationMetadataException($"The value {problem}. Nothing was changed.");
        }
    }
}
