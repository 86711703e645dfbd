using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis.Activity;

/// <summary>
/// One process of a phase's tree. <paramref name="Executable"/> and <paramref name="Argv"/> are those of its last
/// successful exec (a shell that execs a command shows the command), or, when no exec of it was seen, the name the
/// monitor knew it by and no argv. <paramref name="ParentPid"/> is null when its parent is not known.
/// </summary>
/// <param name="Step">The step it started in.</param>
/// <param name="ExitCode">The kernel's exit status (128+signal when killed), null when its end was not seen.</param>
public sealed record ProcessNode(
    int Pid,
    int? ParentPid,
    string Executable,
    IReadOnlyList<string> Argv,
    StepRef? Step,
    DateTimeOffset Started,
    int? ExitCode,
    IReadOnlyList<ProcessNode> Children);
