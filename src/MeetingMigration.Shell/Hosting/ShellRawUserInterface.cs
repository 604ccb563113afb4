using System;
using System.Management.Automation.Host;

namespace MeetingMigration.Shell.Hosting
{
    /// <summary>The console's size as the formatting engine sees it; a redirected console gets a wide fixed buffer.</summary>
    internal sealed class ShellRawUserInterface : PSHostRawUserInterface
    {
        private static int Width
        {
            get
            {
                try
                {
                    return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 160 : Console.WindowWidth;
                }
                catch (System.IO.IOException)
                {
                    return 160;
                }
            }
        }

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get => new Size(Width, 9999); set { } }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; } = 25;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new Size(Width, 100);
        public override Size MaxWindowSize => new Size(Width, 100);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get => new Size(Width, 50); set { } }
        public override string WindowTitle { get; set; } = "MeetingMigration";

        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException("The shell has no screen buffer.");
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The shell reads whole lines only.");
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
