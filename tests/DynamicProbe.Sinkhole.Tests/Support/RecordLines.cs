using System.Text.Json;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>Reads a records file as the host would: one JSON object per line, while the catcher may still write.</summary>
public static class RecordLines
{
    public static IReadOnlyList<JsonElement> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var records = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            records.Add(document.RootElement.Clone());
        }

        return records;
    }

    /// <summary>Polls until <paramref name="until"/> holds for the records so far, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitAsync(string path, Func<IReadOnlyList<JsonElement>, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var records = File.Exists(path) ? Read(path) : [];
            if (until(records))
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"records never satisfied the wait; last {records.Count} records:\n"
                            + string.Join('\n', records.TakeLast(10).Select(r => r.GetRawText())));
            }

            await Task.Delay(50);
        }
    }

    public static IEnumerable<JsonElement> OfType(this IEnumerable<JsonElement> records, string type) =>
        records.Where(r => r.GetProperty("type").GetString() == type);

    public static string? Text(this JsonElement record, string property) => record.GetProperty(property).GetString();
}
