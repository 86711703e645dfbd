namespace DynamicProbe.Core.Policy;

/// <summary>Which unexpected actions one finding gathers (see rules.yaml).</summary>
public enum GroupBy
{
    Subject,
    Parent,
    Name,
}
