namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

/// <summary>
/// Splits a byte stream into lines as it arrives, without ever holding more than <c>maxLineBytes</c> of one line:
/// a longer line is reported as cut (its head kept for the report) and the rest of it skipped.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];

    /// <summary>Each line without its newline; <c>Cut</c> is true when the line was longer than the limit.</summary>
    public async IAsyncEnumerable<(ReadOnlyMemory<byte> Line, bool Cut)> ReadLinesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        var cut = false;
        int read;
        while ((read = await stream.ReadAsync(_buffer, cancellationToken)) > 0)
        {
            var chunk = _buffer.AsMemory(0, read);
            while (!chunk.IsEmpty)
            {
                var newline = chunk.Span.IndexOf((byte)'\n');
                var piece = newline < 0 ? chunk : chunk[..newline];
                var room = maxLineBytes - (int)line.Length;
                if (piece.Length > room)
                {
                    cut = true;
                }

                line.Write(piece.Span[..Math.Min(piece.Length, Math.Max(room, 0))]);
                if (newline < 0)
                {
                    break;
                }

                yield return (line.ToArray(), cut);
                line.SetLength(0);
                cut = false;
                chunk = chunk[(newline + 1)..];
            }
        }

        if (line.Length > 0 || cut)
        {
            yield return (line.ToArray(), cut);
        }
    }
}
