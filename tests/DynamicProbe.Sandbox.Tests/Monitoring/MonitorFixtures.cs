using System.Runtime.CompilerServices;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>Recorded bpftrace output (Fixtures/monitor, see its README) run through the real assembler.</summary>
internal static class MonitorFixtures
{
    /// <summary>The wall time that kernel time 0 maps to in these tests.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static EventAssembler Assemble(string fixture, string? workingDirectory) =>
        Assemble(Lines(fixture), workingDirectory);

    public static EventAssembler Assemble(IEnumerable<byte[]> lines, string? workingDirectory, int maxEvents = 500_000)
    {
        var assembler = NewAssembler(workingDirectory, maxEvents);
        foreach (var line in lines)
        {
            assembler.Accept(BpftraceJsonParser.Parse(line));
        }

        assembler.Complete();
        return assembler;
    }

    public static EventAssembler NewAssembler(string? workingDirectory, int maxEvents = 500_000) =>
        new(new EventAssemblerOptions(MonitorScript.StringLength, maxEvents, workingDirectory, TimeSpan.FromSeconds(1)), new MonotonicClock(Epoch, 0));

    public static IReadOnlyList<byte[]> Lines(string fixture) =>
        Split(File.ReadAllBytes(PathOf(fixture)));

    public static IReadOnlyList<byte[]> Split(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                if (i > start)
                {
                    lines.Add(bytes[start..i]);
                }

                start = i + 1;
            }
        }

        return lines;
    }

    public static IReadOnlyList<T> OfType<T>(this EventAssembler assembler) where T : ProbeEvent =>
        assembler.Events.OfType<T>().ToList();

    private static string PathOf(string fixture, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Fixtures", "monitor", fixture);
}
