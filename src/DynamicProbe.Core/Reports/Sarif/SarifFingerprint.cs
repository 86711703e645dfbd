using System.Security.Cryptography;
using System.Text;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>
/// What makes a finding the same finding in another run, so code scanning tracks it across nights: its rule, the
/// scenario (file and name), the run (variant), the phase and its subject (the grouped path, endpoint, domain or
/// folder). Never pids, times, counts or the message, which change from run to run.
/// </summary>
public static class SarifFingerprint
{
    /// <summary>The key in <c>partialFingerprints</c>; its version changes only if what goes into it does.</summary>
    public const string Key = "dynamicprobeFinding/v1";

    /// <summary>A SHA-256 of the parts (each escaped inert, so every string, even invalid UTF-8, hashes exactly), in hex.</summary>
    public static string Of(string rule, string scenarioFile, string scenario, string? variant, string phase, string? subject)
    {
        var parts = new[] { rule, scenarioFile, scenario, variant ?? string.Empty, phase, subject ?? string.Empty };
        var text = string.Join('\0', parts.Select(InertText.Escape));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
