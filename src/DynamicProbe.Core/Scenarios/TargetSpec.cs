namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// What to run: exactly one of <see cref="ProjectPath"/> (built with MSBuild) or <see cref="Command"/> (a program
/// already in the image or in the workdir).
/// </summary>
public sealed record TargetSpec(
    string? ProjectPath,
    string Configuration,
    IReadOnlyList<string> Args,
    IReadOnlyList<string>? Command,
    string? WorkdirPath)
{
    public const string DefaultConfiguration = "Release";

    public bool IsProject => ProjectPath is not null;
}
