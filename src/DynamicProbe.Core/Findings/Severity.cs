namespace DynamicProbe.Core.Findings;

/// <summary>How bad a finding is; <see cref="Info"/> notes never fail a run.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
