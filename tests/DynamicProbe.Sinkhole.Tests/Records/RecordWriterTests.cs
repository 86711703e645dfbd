using System.Globalization;
using System.Text.Json;
using DynamicProbe.Sinkhole.Records;

namespace DynamicProbe.Sinkhole.Tests.Records;

public class RecordWriterTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Test]
    public async Task Records_are_json_lines_with_type_and_an_rfc3339_utc_millisecond_time()
    {
        using var output = new MemoryStream();
        var writer = new RecordWriter(output, new RecordLimits(), TimeProvider.System);
        await writer.SubmitAsync(new ErrorRecord(new DateTimeOffset(2026, 1, 2, 4, 4, 5, 678, TimeSpan.FromHours(1)), "dns", "bad \"query\"\n"));
        await writer.DisposeAsync();

        var lines = Lines(output);
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0].GetProperty("type").GetString(), Is.EqualTo("error"));
        Assert.That(lines[0].GetProperty("time").GetString(), Is.EqualTo("2026-01-02T03:04:05.678Z"));
        Assert.That(lines[0].GetProperty("message").GetString(), Is.EqualTo("bad \"query\"\n"));
        Assert.That(lines[1].GetProperty("type").GetString(), Is.EqualTo("stopped"));
        Assert.That(lines[1].GetProperty("records_written").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task Past_the_total_limit_records_are_dropped_and_a_truncated_record_says_how_many()
    {
        using var output = new MemoryStream();
        var writer = new RecordWriter(output, new RecordLimits(MaxRecords: 10), TimeProvider.System);
        for (var i = 0; i < 25; i++)
        {
            await writer.SubmitAsync(Error(i));
        }

        await writer.DisposeAsync();

        var lines = Lines(output);
        Assert.That(lines.Count(l => l.GetProperty("type").GetString() == "error"), Is.EqualTo(10));
        var truncated = lines.Single(l => l.GetProperty("type").GetString() == "truncated");
        Assert.That(truncated.GetProperty("reason").GetString(), Is.EqualTo("total-records"));
        Assert.That(truncated.GetProperty("dropped").GetInt64(), Is.EqualTo(15));
        Assert.That(lines[^1].GetProperty("records_dropped").GetInt64(), Is.EqualTo(15));
    }

    [Test]
    public async Task A_burst_past_the_rate_limit_is_dropped_as_rate()
    {
        using var output = new MemoryStream();
        var writer = new RecordWriter(output, new RecordLimits(RecordsPerSecond: 1, Burst: 5), TimeProvider.System);
        for (var i = 0; i < 20; i++)
        {
            await writer.SubmitAsync(Error(i));
        }

        await writer.DisposeAsync();

        var lines = Lines(output);
        Assert.That(lines.Count(l => l.GetProperty("type").GetString() == "error"), Is.EqualTo(5).Or.EqualTo(6));
        var truncated = lines.Single(l => l.GetProperty("type").GetString() == "truncated");
        Assert.That(truncated.GetProperty("reason").GetString(), Is.EqualTo("rate"));
        Assert.That(truncated.GetProperty("dropped").GetInt64(), Is.EqualTo(20 - lines.Count(l => l.GetProperty("type").GetString() == "error")));
    }

    [Test]
    public async Task The_byte_limit_bounds_the_file_and_is_said()
    {
        using var output = new MemoryStream();
        var writer = new RecordWriter(output, new RecordLimits(MaxBytes: 4096), TimeProvider.System);
        for (var i = 0; i < 100; i++)
        {
            await writer.SubmitAsync(new ErrorRecord(Time, "tcp", new string('x', 500)));
        }

        await writer.DisposeAsync();

        var lines = Lines(output);
        var errors = lines.Count(l => l.GetProperty("type").GetString() == "error");
        Assert.That(errors, Is.InRange(1, 8));
        Assert.That(lines.Single(l => l.GetProperty("type").GetString() == "truncated").GetProperty("dropped").GetInt64(), Is.EqualTo(100 - errors));
    }

    [Test]
    public async Task Drops_are_reported_while_running_not_only_at_the_end()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"records-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
            {
                var writer = new RecordWriter(output, new RecordLimits(MaxRecords: 1), TimeProvider.System);
                await writer.SubmitAsync(Error(1));
                await writer.SubmitAsync(Error(2));

                var seen = await Support.RecordLines.WaitAsync(path, r => r.Any(x => x.GetProperty("type").GetString() == "truncated"), TimeSpan.FromSeconds(5));

                Assert.That(seen.Any(x => x.GetProperty("type").GetString() == "stopped"), Is.False);
                await writer.DisposeAsync();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ErrorRecord Error(int i) => new(Time, "dns", i.ToString(CultureInfo.InvariantCulture));

    private static List<JsonElement> Lines(MemoryStream output)
    {
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.That(text, Does.EndWith("\n"));
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }
}
