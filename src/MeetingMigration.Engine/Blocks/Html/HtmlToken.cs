namespace MeetingMigration.Engine.Blocks.Html
{
    internal enum HtmlTokenKind
    {
        Text,
        /// <summary>Content of &lt;style&gt;/&lt;script&gt;/&lt;title&gt;: never searched for fences or markers.</summary>
        RawText,
        StartTag,
        EndTag,
        Comment,
        /// <summary>&lt;!DOCTYPE&gt;, &lt;?xml?&gt;, Word's &lt;![if !supportLists]&gt; and the like.</summary>
        Declaration,
    }

    /// <summary>A slice of the body; tokens never copy or alter the body text.</summary>
    internal readonly struct HtmlToken
    {
        public HtmlToken(HtmlTokenKind kind, int start, int length, string? name, bool selfClosing)
        {
            Kind = kind;
            Start = start;
            Length = length;
            Name = name;
            SelfClosing = selfClosing;
        }

        public HtmlTokenKind Kind { get; }
        public int Start { get; }
        public int Length { get; }
        public int End => Start + Length;

        /// <summary>Lower-case tag name for start and end tags (keeps prefixes such as "o:p").</summary>
        public string? Name { get; }

        /// <summary>A start tag written as &lt;x/&gt;.</summary>
        public bool SelfClosing { get; }

        public bool IsTag => Kind == HtmlTokenKind.StartTag || Kind == HtmlTokenKind.EndTag;
    }
}
