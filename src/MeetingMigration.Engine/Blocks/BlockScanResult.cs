using System;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>What <see cref="BlockScanner.Scan"/> concluded about a body.</summary>
    public sealed class BlockScanResult
    {
        private BlockScanResult(BlockScanStatus status, BlockMatch? match, string? reason)
        {
            Status = status;
            Match = match;
            Reason = reason;
        }

        public BlockScanStatus Status { get; }

        /// <summary>The block; set only when <see cref="Status"/> is <see cref="BlockScanStatus.Found"/>.</summary>
        public BlockMatch? Match { get; }

        /// <summary>A sentence for the operator (LastMessage) when the status is not Found.</summary>
        public string? Reason { get; }

        public static BlockScanResult Found(BlockMatch match) =>
            new BlockScanResult(BlockScanStatus.Found, match ?? throw new ArgumentNullException(nameof(match)), null);

        public static BlockScanResult NotFound(string reason) => new BlockScanResult(BlockScanStatus.NotFound, null, reason);

        public static BlockScanResult Ambiguous(string reason) => new BlockScanResult(BlockScanStatus.Ambiguous, null, reason);

        public static BlockScanResult Unbalanced(string reason) => new BlockScanResult(BlockScanStatus.Unbalanced, null, reason);

        public override string ToString() => Match != null ? $"{Status}: {Match}" : $"{Status}: {Reason}";
    }
}
