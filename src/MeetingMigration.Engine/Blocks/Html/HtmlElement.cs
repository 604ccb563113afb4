namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>A start tag paired with its end tag (when one exists), as body offsets.</summary>
    internal sealed class HtmlElement
    {
        public HtmlElement(string name, int openTokenIndex, int start, int openEnd, HtmlElement? parent)
        {
            Name = name;
            OpenTokenIndex = openTokenIndex;
            Start = start;
            OpenEnd = openEnd;
            Parent = parent;
            CloseTokenIndex = -1;
            CloseStart = -1;
            End = -1;
        }

        public string Name { get; }
        public int OpenTokenIndex { get; }
        public HtmlElement? Parent { get; }

        /// <summary>Offset of '&lt;' of the start tag.</summary>
        public int Start { get; }

        /// <summary>Offset just past the start tag.</summary>
        public int OpenEnd { get; }

        public int CloseTokenIndex { get; private set; }

        /// <summary>Offset of the end tag, or -1 when the element was never closed.</summary>
        public int CloseStart { get; private set; }

        /// <summary>Offset just past the end tag, or -1 when the element was never closed.</summary>
        public int End { get; private set; }

        /// <summary>True when an explicit end tag closes this element (not an enclosing end tag, not end of body).</summary>
        public bool IsClosed => End >= 0;

        public void Close(int closeTokenIndex, int closeStart, int end)
        {
            CloseTokenIndex = closeTokenIndex;
            CloseStart = closeStart;
            End = end;
        }

        public override string ToString() => $"<{Name}> [{Start}, {End})";
    }
}
