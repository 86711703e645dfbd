namespace DynamicProbe.Core.Policy;

/// <summary>Which unexpected actions one finding gathers (see rules.yaml).</summary>
public enum GroupBy
{
    Subject,
    Parent,
    Name,

    /// <summary>Deletions by the folder they emptied: a removed folder's contents go with it, under its parent.</summary>
    Tree,

    /// <summary>DNS names by their registered domain (<c>x1.tunnel.example.com</c> under <c>example.com</c>).</summary>
    Domain,
}
