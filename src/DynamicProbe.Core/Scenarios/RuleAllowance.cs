namespace DynamicProbe.Core.Scenarios;

/// <summary>One entry of a scenario's <c>allow_rules</c>: findings of that rule are silenced, where it is written.</summary>
public sealed record RuleAllowance(string Rule, SourceLocation Location);
