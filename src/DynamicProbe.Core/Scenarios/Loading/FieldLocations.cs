namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>Where each field that was written sits in the file, so later checks can point at it.</summary>
internal sealed class FieldLocations(SourceLocation fileStart)
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    public void Record(string fieldPath, SourceLocation location) => _locations.TryAdd(fieldPath, location);

    public bool WasWritten(string fieldPath) => _locations.ContainsKey(fieldPath);

    /// <summary>
    /// The field's own location when it was written, else that of the nearest enclosing field that was: a default
    /// value is reported where the user would add the field.
    /// </summary>
    public SourceLocation Nearest(string fieldPath)
    {
        for (var path = fieldPath; path.Length > 0; path = FieldPaths.Parent(path))
        {
            if (_locations.TryGetValue(path, out var location))
            {
                return location;
            }
        }

        return fileStart;
    }
}
