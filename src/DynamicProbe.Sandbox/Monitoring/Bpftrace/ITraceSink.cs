using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>Where the shared tracer routes what belongs to one sandbox. Called on the tracer's reader, one line at a time.</summary>
internal interface ITraceSink
{
    /// <summary>A record of the sandbox's cgroup (its cgroup id already taken out), or something that concerns every live sandbox (lost events, an unreadable line).</summary>
    void Accept(BpftraceLine line);

    /// <summary>The tracer stopped working while the sandbox was live.</summary>
    void Fail(string reason);
}
