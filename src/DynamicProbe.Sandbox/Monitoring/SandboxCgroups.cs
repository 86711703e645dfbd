namespace DynamicProbe.Sandbox.Monitoring;

/// <summary>Where DynamicProbe's containers live in the cgroup tree, so the tracer can filter on them and a reaper can find leftovers.</summary>
public static class SandboxCgroups
{
    /// <summary>The Docker <c>CgroupParent</c> of every sandbox container.</summary>
    public const string Parent = "/dynamicprobe";

    /// <summary>The cgroup v2 (unified) mount on this hybrid host; runc joins a leaf we create there.</summary>
    public const string UnifiedRoot = "/sys/fs/cgroup/unified";
}
