using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Policy;

/// <summary>
/// What one phase may do. <paramref name="Expect"/> is the scenario's (for the run, with the program it builds):
/// its globs allow what they cover, except behaviour an always-on rule names, which only an exact entry or
/// <paramref name="AllowRules"/> silences. <paramref name="Machinery"/> is what the image's runtime and the sandbox do
/// by themselves (the image's default allowances, the fake clock's files): reviewed with the tool, never a user's
/// files, so it allows whatever it covers.
/// </summary>
public sealed record PhasePolicy(Expectations Expect, Expectations Machinery, IReadOnlyList<RuleAllowance> AllowRules)
{
    /// <summary>Everything allowed as if it were the sandbox's own machinery: no always-on rule applies.</summary>
    public static PhasePolicy AllTrusted(Expectations allowed) => new(Expectations.Empty, allowed, []);
}
