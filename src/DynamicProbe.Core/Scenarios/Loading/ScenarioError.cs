namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>One problem in a scenario file: where it is, which field, and what was found and expected.</summary>
/// <param name="FieldPath">The field as a path (<c>sandbox.timeout</c>, <c>steps[2].wait_for.port</c>); empty for the file itself.</param>
internal sealed record ScenarioError(SourceLocation Location, string FieldPath, string Message)
{
    public override string ToString() =>
        FieldPath.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {FieldPath}: {Message}";
}
