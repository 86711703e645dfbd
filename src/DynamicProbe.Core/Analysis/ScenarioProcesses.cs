using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Tells the scenario's own processes from the target's, for always-on rules, which judge the target only. A step's
/// process is forked by the container runtime outside the recording, so its first exec comes from a pid no recorded
/// process forked: that exec (the program a <c>run</c> or <c>start</c> step starts, the command of an <c>exec</c>
/// step, the build's <c>dotnet publish</c>) is the scenario's. What an <c>exec</c> step's command then does, and
/// everything it forks, is the scenario's too; what the started target does is the target's.
/// </summary>
public sealed class ScenarioProcesses
{
    private const string ExecStepKind = "exec";

    private readonly HashSet<int> _forked = [];
    private readonly HashSet<int> _started = [];
    private readonly HashSet<int> _execSteps = [];

    /// <summary>Whether <paramref name="probeEvent"/> is the scenario's doing; call it for every event, in order.</summary>
    public bool IsScenarios(ProbeEvent probeEvent)
    {
        switch (probeEvent)
        {
            case ProcessForkEvent fork:
                _forked.Add(fork.ChildPid);
                if (_execSteps.Contains(fork.Pid))
                {
                    _execSteps.Add(fork.ChildPid);
                }

                return _execSteps.Contains(fork.Pid);
            case ProcessExitEvent exit:
                var own = _execSteps.Remove(exit.Pid);
                _started.Remove(exit.Pid);
                return own;
            case ProcessExecEvent exec when !_forked.Contains(exec.Pid) && !_started.Contains(exec.Pid):
                // Failed attempts before the step's program starts are the runtime's search for it.
                if (exec.Result == 0)
                {
                    _started.Add(exec.Pid);
                }

                if (exec.Step?.Kind == ExecStepKind)
                {
                    _execSteps.Add(exec.Pid);
                }

                return true;
            default:
                return _execSteps.Contains(probeEvent.Pid);
        }
    }
}
