namespace DynamicProbe.Core.Honeytokens;

/// <summary>The kinds of canary credential a run plants (<see cref="Honeytoken.Kind"/>), with the words a finding uses for each.</summary>
public static class HoneytokenKind
{
    public const string AwsCredentials = "aws-credentials";
    public const string SshPrivateKey = "ssh-private-key";
    public const string GitHubToken = "github-token";
    public const string NpmToken = "npm-token";
    public const string NetrcPassword = "netrc-password";
    public const string KubernetesToken = "kube-token";
    public const string DatabaseUrl = "database-url";

    /// <summary>What a reader calls the secret, e.g. "AWS secret access key"; the kind itself when it is not one of ours.</summary>
    public static string Describe(string kind) => kind switch
    {
        AwsCredentials => "AWS secret access key",
        SshPrivateKey => "SSH private key",
        GitHubToken => "GitHub token",
        NpmToken => "npm token",
        NetrcPassword => ".netrc password",
        KubernetesToken => "Kubernetes token",
        DatabaseUrl => "database password",
        _ => kind,
    };

    /// <summary>Where the token was planted, in words: "/home/probe/.aws/credentials" or "the environment variable GITHUB_TOKEN".</summary>
    public static string Origin(Honeytoken token) =>
        token.FilePath ?? (token.EnvironmentVariable is { } variable ? $"the environment variable {variable}" : "the sandbox");
}
