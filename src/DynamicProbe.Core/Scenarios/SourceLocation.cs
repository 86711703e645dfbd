namespace DynamicProbe.Core.Scenarios;

/// <summary>A place in a scenario file, 1-based, as editors count.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
