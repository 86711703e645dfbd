using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary>
/// Recorded event streams for the rule tests, as the monitor reports them: the step starts the program
/// (<see cref="Program"/>, pid 10, forked outside the recording), which forks pid 11 to act.
/// </summary>
internal static class RuleStreams
{
    public const int ProgramPid = 10;
    public const int ChildPid = 11;
    public const string ProgramPath = "/app/Target";

    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    public static StepRef RunStepRef { get; } = new(0, "run", 9);

    /// <summary>The step's start of the program: an exec from a pid nothing recorded forked.</summary>
    public static ProcessExecEvent Program { get; } = new(T0, ProgramPid, ProgramPath, 1, ProgramPath, [ProgramPath], 0) { Step = RunStepRef };

    /// <summary>The stream: the program's start, then <paramref name="actions"/> in order, one millisecond apart.</summary>
    public static ProbeEvent[] Of(params ProbeEvent[] actions) =>
        [Program, .. actions.Select((e, i) => e with { Time = T0.AddMilliseconds(i + 1), Step = e.Step ?? RunStepRef })];

    public static ProcessForkEvent Fork() => new(T0, ProgramPid, ProgramPath, ChildPid);

    /// <summary>The program's child execs <paramref name="path"/> (fork it first with <see cref="Fork"/>).</summary>
    public static ProcessExecEvent Exec(string path, params string[] argv) =>
        new(T0, ChildPid, ProgramPath, ProgramPid, path, argv.Length == 0 ? [path] : argv, 0);

    public static FileEvent Read(string path) => File(FileOperation.Read, path);

    public static FileEvent Write(string path) => File(FileOperation.Write, path, OpenFlags.WriteOnly | OpenFlags.Create);

    public static FileEvent File(FileOperation operation, string path, int flags = 0, string? second = null) =>
        new(T0, ProgramPid, ProgramPath, operation, path, 0, flags, second);

    public static PrivilegedCallEvent Call(PrivilegedCall call, string target = "", long argument = 0) =>
        new(T0, ProgramPid, ProgramPath, call, target, argument, -1);

    public static NetworkEvent Net(NetworkOperation operation, string address, int port) =>
        new(T0, ProgramPid, ProgramPath, operation, AddressFamily.Inet, address, port, 0, operation == NetworkOperation.SendTo ? 12 : null);

    public static DnsQueryEvent Dns(string name) => new(T0, ProgramPid, ProgramPath, name, "A", null);
}
