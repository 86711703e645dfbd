namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

/// <summary>One line of <c>bpftrace -f json</c> output, by its <c>type</c>.</summary>
internal abstract record BpftraceLine;

/// <summary>A <c>print((...))</c> tuple: <c>{"type": "value", "data": [...]}</c>.</summary>
internal sealed record TupleLine(IReadOnlyList<TraceValue> Fields) : BpftraceLine;

/// <summary>A <c>printf</c>: <c>{"type": "printf", "data": "READY\n"}</c>.</summary>
internal sealed record PrintfLine(string Text) : BpftraceLine;

/// <summary>The kernel's perf buffer overflowed: <c>{"type": "lost_events", "data": {"events": N}}</c>.</summary>
internal sealed record LostEventsLine(long Count) : BpftraceLine;

/// <summary>Anything else: kept with the reason, so it is counted and reported, never silently dropped.</summary>
internal sealed record UnreadableLine(string Reason, string Excerpt) : BpftraceLine;
