using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// The default hostname of a sandbox: derived from the scenario's name only, so every run of a scenario, and every
/// variant of it that does not set <c>hostname</c>, sees the same one, and a hostname-keyed trigger cannot fire in
/// some runs and not others.
/// <para>
/// Every default has one shape, the private-address name a cloud VM gets unless renamed (<c>ip-10-1-42-17</c>): a
/// real server's name, never Docker's 12-hex container id, and without any word (prod, live, payments, test, ci) that
/// a backdoor could key on in the scenarios whose name happens to hash to it and not in the others. Scenarios try
/// such names on purpose with <c>hostname</c>, in a variant.
/// </para>
/// </summary>
public static class HostnameGenerator
{
    public static string For(string scenarioName)
    {
        // SHA-256 rather than string.GetHashCode, which is randomised per process.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(scenarioName));
        return string.Create(CultureInfo.InvariantCulture, $"ip-10-{hash[0] % 4}-{hash[1]}-{2 + (hash[2] % 253)}");
    }
}
