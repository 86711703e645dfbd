using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Collects every problem of a file so the user can fix them all in one go instead of one per run.
/// </summary>
internal sealed class ScenarioErrors
{
    private readonly List<ScenarioError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<ScenarioError> All => _errors;

    public void Add(SourceLocation location, string fieldPath, string message) =>
        _errors.Add(new ScenarioError(location, fieldPath, message));

    /// <summary>Whether a problem was already reported at <paramref name="fieldPath"/> or inside it.</summary>
    public bool AnyAt(string fieldPath) => _errors.Exists(error => FieldPaths.IsSameOrInside(error.FieldPath, fieldPath));

    /// <summary>The problems in file order, one per line; each line starts with <c>file:line:col: </c>.</summary>
    public string Describe() => string.Join(
        '\n',
        _errors
            .OrderBy(error => error.Location.Line)
            .ThenBy(error => error.Location.Column)
            .Select(error => error.ToString()));

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new UserErrorException(Describe());
        }
    }
}
