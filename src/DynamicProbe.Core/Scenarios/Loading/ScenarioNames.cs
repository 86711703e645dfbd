using System.Text.RegularExpressions;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Names of scenarios and variants: <c>[a-z0-9._-]+</c> as the format says, and starting with a letter or digit so a
/// name is never <c>.</c>, <c>..</c> or option-like when used in file names and command lines.
/// </summary>
internal static partial class ScenarioNames
{
    public const string Expected = "a name of a-z, 0-9, '.', '_' and '-', starting with a letter or digit, like payments-api-startup";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();
}
