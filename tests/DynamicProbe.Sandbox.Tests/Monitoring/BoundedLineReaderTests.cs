using System.Text;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

public class BoundedLineReaderTests
{
    private static async Task<List<(string Line, bool Cut)>> ReadAsync(string text, int limit)
    {
        var reader = new BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), limit);
        var lines = new List<(string, bool)>();
        await foreach (var (line, cut) in reader.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add((Encoding.UTF8.GetString(line.Span), cut));
        }

        return lines;
    }

    [Test]
    public async Task Lines_are_split_on_newlines_and_a_last_line_without_one_is_kept()
    {
        var lines = await ReadAsync("one\ntwo\n\nthree", 100);

        Assert.That(lines, Is.EqualTo(new[] { ("one", false), ("two", false), ("", false), ("three", false) }));
    }

    [Test]
    public async Task A_line_over_the_limit_is_cut_to_its_head_and_flagged()
    {
        var longLine = new string('x', 200_000);

        var lines = await ReadAsync($"short\n{longLine}\nafter\n", 1000);

        Assert.That(lines.Select(l => (l.Line.Length, l.Cut)), Is.EqualTo(new[] { (5, false), (1000, true), (5, false) }));
    }
}
