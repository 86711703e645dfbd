namespace DynamicProbe.Core.Resources;

/// <summary>
/// A process still running after the step that started it ended, re-parented to the sandbox's init (double fork,
/// <c>setsid</c>, <c>nohup</c>). The run stayed open, observed, until it ended or the scenario timeout struck.
/// </summary>
/// <param name="Pid">Its host pid, as the monitor numbers it.</param>
/// <param name="CommandLine">Its command line when it was found (from /proc; the exec events have the full argv).</param>
/// <param name="Step">The step it outlived.</param>
/// <param name="KilledAtTimeout">True when it still ran when the scenario timeout struck and was killed.</param>
public sealed record EscapedProcess(int Pid, string CommandLine, string Step, bool KilledAtTimeout);
