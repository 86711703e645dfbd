using System.Globalization;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Makes hostnames that look like a real server's (<c>web-prod-03</c>, <c>api-7f3k2</c>, <c>ip-10-0-3-17</c>), never
/// Docker's 12-hex container id, which malware checks for.
/// </summary>
public sealed class HostnameGenerator(Random random)
{
    private static readonly string[] Roles = ["web", "api", "app", "svc", "worker", "backend", "payments", "orders", "auth", "billing"];
    private static readonly string[] Environments = ["prod", "prd", "live", "production"];
    private const string PodSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public string Next() => random.Next(3) switch
    {
        0 => $"{Pick(Roles)}-{Pick(Environments)}-{random.Next(1, 20):00}",
        1 => $"{Pick(Roles)}-{PodSuffix(5)}",
        _ => string.Create(CultureInfo.InvariantCulture, $"ip-10-{random.Next(0, 4)}-{random.Next(0, 256)}-{random.Next(2, 255)}"),
    };

    private string Pick(string[] choices) => choices[random.Next(choices.Length)];

    /// <summary>Kubernetes-style suffix: consonants and digits, so it never reads as hex.</summary>
    private string PodSuffix(int length) =>
        new(Enumerable.Range(0, length).Select(_ => PodSuffixAlphabet[random.Next(PodSuffixAlphabet.Length)]).ToArray());
}
