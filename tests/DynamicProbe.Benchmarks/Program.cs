using System.Globalization;
using System.Text.Json;
using DynamicProbe.Benchmarks.EventPath;
using DynamicProbe.Core.Scenarios;

// make bench, part (d): the C# event path on a generated monitor stream. scripts/bench.sh runs `generate` once,
// then `event-path` once per repetition, each in a fresh process so that its peak memory is its own.
const string Usage = """
    usage: DynamicProbe.Benchmarks generate --out FILE [--events N] [--sandboxes K] [--seed S]
           DynamicProbe.Benchmarks event-path --stream FILE --allowances ALLOWANCES.yaml [--expect-events N]
    generate writes a monitor stream of at least N events (default 1000000) from K sandboxes (default 4) and prints
    {"lines": …, "events": …}; event-path measures parsing, assembling and analysing it and prints the figures as JSON.
    """;

var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
try
{
    var options = Options.Parse(args.Skip(1));
    switch (args.FirstOrDefault())
    {
        case "generate":
            var output = options.Required("out");
            long expected;
            long lines;
            await using (var file = File.Create(output))
            using (var writer = new TraceStreamWriter(file))
            {
                expected = new TraceStreamGenerator(options.Int("sandboxes", 4), options.Int("seed", 7)).Generate(writer, options.Long("events", 1_000_000));
                lines = writer.Lines;
            }

            Console.WriteLine(JsonSerializer.Serialize(new { lines, events = expected }, json));
            return 0;
        case "event-path":
            var allowancesPath = options.Required("allowances");
            var defaults = ExpectationsParser.Parse(await File.ReadAllTextAsync(allowancesPath), allowancesPath);
            var result = await EventPathBenchmark.RunAsync(options.Required("stream"), defaults, CancellationToken.None);
            Console.WriteLine(JsonSerializer.Serialize(result, json));
            if (result.Problems > 0 || result.LostEvents > 0 || result.DroppedEvents > 0)
            {
                await Console.Error.WriteLineAsync($"event-path: the stream was not assembled whole ({result.Problems} problem(s), {result.LostEvents} lost, {result.DroppedEvents} dropped)");
                return 1;
            }

            if (options.Long("expect-events", result.Events) != result.Events)
            {
                await Console.Error.WriteLineAsync($"event-path: assembled {result.Events} events where the generator made {options.Long("expect-events", 0)}");
                return 1;
            }

            return 0;
        default:
            await Console.Error.WriteLineAsync(Usage);
            return 2;
    }
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"DynamicProbe.Benchmarks: {error.Message}\n{Usage}");
    return 2;
}

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !items.MoveNext())
            {
                throw new ArgumentException($"expected --name value, found '{name}'");
            }

            values[name[2..]] = items.Current;
        }

        return new Options(values);
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => (int)Long(name, fallback);

    public long Long(string name, long fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number
        : throw new ArgumentException($"--{name} must be a positive whole number, not '{text}'");
}
