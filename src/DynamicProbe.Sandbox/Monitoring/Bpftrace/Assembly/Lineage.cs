namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// A process and its forkers, as they were when it was forked (host pids). It outlives them, so a daemon that its
/// parent double-forked is still that process's descendant after the middle one exits.
/// </summary>
internal sealed record Lineage(int Pid, Lineage? Parent)
{
    public bool DescendsFrom(int ancestor)
    {
        for (var forker = Parent; forker is not null; forker = forker.Parent)
        {
            if (forker.Pid == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
