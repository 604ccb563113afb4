using System;
using System.Linq;
using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph;

public class PooledBufferWriterTests
{
    [Fact]
    public void What_is_written_past_the_first_buffer_comes_back_whole_and_in_order()
    {
        var expected = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        using var writer = new PooledBufferWriter(16);
        int at = 0;
        foreach (int chunk in new[] { 1, 300, 17, 4_000, 5_682 })
        {
            var span = writer.GetSpan(chunk);
            Assert.True(span.Length >= chunk);
            expected.AsSpan(at, chunk).CopyTo(span);
            writer.Advance(chunk);
            at += chunk;
        }
        Assert.Equal(10_000, writer.WrittenCount);
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void Advancing_past_what_was_handed_out_is_refused()
    {
        using var writer = new PooledBufferWriter(16);
        int room = writer.GetSpan(1).Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(room + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void A_disposed_writer_holds_nothing()
    {
        var writer = new PooledBufferWriter(64);
        writer.GetSpan(10)[0] = 42;
        writer.Advance(10);
        writer.Dispose();
        Assert.Equal(0, writer.WrittenCount);
        Assert.Empty(writer.ToArray());
        writer.Dispose(); // twice is harmless
    }
}
