using System;
using System.Buffers;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// Scratch space for a JSON payload, rented from the shared array pool and given back on dispose. A Utf8JsonWriter over
    /// a stream keeps a buffer of its own and grows it to the largest value written: for a PATCH, the whole body, allocated
    /// afresh for every meeting (issue 9). Written here, only the finished payload is a new array.
    /// </summary>
    internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer;
        private int _written;

        public PooledBufferWriter(int initialCapacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

        public int WrittenCount => _written;

        public void Advance(int count)
        {
            if (count < 0 || _written + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            _written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _buffer.AsSpan(_written);
        }

        /// <summary>What was written, in an array of its own (the pooled one goes back to the pool).</summary>
        public byte[] ToArray() => _buffer.AsSpan(0, _written).ToArray();

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = Array.Empty<byte>();
            _written = 0;
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }

        private void Reserve(int sizeHint)
        {
            int needed = Math.Max(sizeHint, 1);
            if (_buffer.Length - _written >= needed) return;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
