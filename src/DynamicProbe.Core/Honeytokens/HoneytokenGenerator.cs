using System.Text;
using DynamicProbe.Core.Honeytokens.Generation;

namespace DynamicProbe.Core.Honeytokens;

/// <summary>
/// Makes a fresh set of canary credentials for one run, each in the exact format of the real thing so that stealers
/// (which match on formats such as <c>AKIA…</c>, <c>ghp_…</c> and key blocks) take them: AWS, SSH, GitHub CLI, npm,
/// .netrc and kube config files in the home, and AWS, GitHub and database variables for the environment. Values are
/// random from the cryptographic generator unless a <see cref="Random"/> is given (tests only).
/// </summary>
public sealed class HoneytokenGenerator(Random? random = null)
{
    public const string DefaultHome = "/home/probe";

    private const string AwsSecretAlphabet = RandomSource.Alphanumeric + "+/";
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Base64UrlAlphabet = RandomSource.Alphanumeric + "-_";
    private const int PasswordLength = 32;
    private const int KubernetesSecretLength = 64;

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Readable = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
    private const UnixFileMode Folder = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode GroupFolder = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly RandomSource source = new(random);

    /// <summary>A new set for a user whose home is <paramref name="home"/> (absolute, as the sandbox sees it).</summary>
    public HoneytokenSet Generate(string home = DefaultHome)
    {
        if (!home.StartsWith('/') || home.Trim('/').Length == 0)
        {
            throw new ArgumentException($"the home must be an absolute folder below /, not '{home}'", nameof(home));
        }

        home = home.TrimEnd('/');
        var user = home[(home.LastIndexOf('/') + 1)..];
        var tokens = new List<Honeytoken>();
        var files = new List<CanaryFile>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var folders = new List<CanaryFolder>
        {
            new($"{home}/.aws", Folder),
            new($"{home}/.ssh", PrivateFolder),
            new($"{home}/.config", PrivateFolder),
            new($"{home}/.config/gh", Folder),
            new($"{home}/.kube", GroupFolder),
        };

        void Plant(string kind, string path, string content, string secret, UnixFileMode mode = Private)
        {
            files.Add(new CanaryFile(path, content, mode));
            tokens.Add(new Honeytoken(kind, path, null, secret));
        }

        void Export(string kind, string variable, string value, string secret)
        {
            environment[variable] = value;
            tokens.Add(new Honeytoken(kind, null, variable, secret));
        }

        var awsSecret = AwsSecretKey();
        Plant(HoneytokenKind.AwsCredentials, $"{home}/.aws/credentials",
            $"[default]\naws_access_key_id = {AwsAccessKeyId()}\naws_secret_access_key = {awsSecret}\n", awsSecret);
        files.Add(new CanaryFile($"{home}/.aws/config", "[default]\nregion = us-east-1\noutput = json\n", Private));

        var comment = $"{user}@workstation";
        var rsa = OpenSshKey.Rsa(source, comment);
        Plant(HoneytokenKind.SshPrivateKey, $"{home}/.ssh/id_rsa", rsa.PrivateKeyFile, rsa.Secret);
        files.Add(new CanaryFile($"{home}/.ssh/id_rsa.pub", rsa.PublicKeyLine, Readable));
        var ed25519 = OpenSshKey.Ed25519(source, comment);
        Plant(HoneytokenKind.SshPrivateKey, $"{home}/.ssh/id_ed25519", ed25519.PrivateKeyFile, ed25519.Secret);
        files.Add(new CanaryFile($"{home}/.ssh/id_ed25519.pub", ed25519.PublicKeyLine, Readable));

        var ghOauth = ChecksummedToken.Create(source, "gho_");
        Plant(HoneytokenKind.GitHubToken, $"{home}/.config/gh/hosts.yml",
            $"github.com:\n    oauth_token: {ghOauth}\n    user: {user}\n    git_protocol: https\n", ghOauth);

        var npm = ChecksummedToken.Create(source, "npm_");
        Plant(HoneytokenKind.NpmToken, $"{home}/.npmrc", $"//registry.npmjs.org/:_authToken={npm}\n", npm);

        var netrc = Password();
        Plant(HoneytokenKind.NetrcPassword, $"{home}/.netrc", $"machine api.example.com login deploy password {netrc}\n", netrc);

        var (kubeToken, kubeSecret) = KubernetesServiceAccountToken();
        Plant(HoneytokenKind.KubernetesToken, $"{home}/.kube/config", KubeConfig(kubeToken), kubeSecret);

        var awsEnvSecret = AwsSecretKey();
        environment["AWS_ACCESS_KEY_ID"] = AwsAccessKeyId();
        Export(HoneytokenKind.AwsCredentials, "AWS_SECRET_ACCESS_KEY", awsEnvSecret, awsEnvSecret);
        var ghp = ChecksummedToken.Create(source, "ghp_");
        Export(HoneytokenKind.GitHubToken, "GITHUB_TOKEN", ghp, ghp);
        var databasePassword = Password();
        Export(HoneytokenKind.DatabaseUrl, "DATABASE_URL",
            $"postgres://app:{databasePassword}@db.internal.example.com:5432/payments", databasePassword);

        return new HoneytokenSet(tokens, folders, files, environment);
    }

    /// <summary>AKIA and 16 characters of base32, as IAM user access key ids are.</summary>
    private string AwsAccessKeyId() => "AKIA" + source.Text(Base32Alphabet, 16);

    private string AwsSecretKey() => source.Text(AwsSecretAlphabet, 40);

    private string Password() => source.Text(RandomSource.Alphanumeric, PasswordLength);

    /// <summary>
    /// A service-account token as the API server issues it (an RS256 JWT). The secret is the start of its
    /// signature: the part that is random, and in every copy of the token.
    /// </summary>
    private (string Token, string Secret) KubernetesServiceAccountToken()
    {
        var header = $"{{\"alg\":\"RS256\",\"kid\":\"{source.Text(Base64UrlAlphabet, 43)}\"}}";
        var suffix = source.Text("bcdfghjklmnpqrstvwxz2456789", 5);
        var uidBytes = source.Bytes(16);
        uidBytes[7] = (byte)((uidBytes[7] & 0x0F) | 0x40); // a version 4 UUID, as Kubernetes makes
        uidBytes[8] = (byte)((uidBytes[8] & 0x3F) | 0x80);
        var uid = new Guid(uidBytes).ToString();
        var payload = "{\"iss\":\"kubernetes/serviceaccount\",\"kubernetes.io/serviceaccount/namespace\":\"default\"," +
            $"\"kubernetes.io/serviceaccount/secret.name\":\"deployer-token-{suffix}\"," +
            "\"kubernetes.io/serviceaccount/service-account.name\":\"deployer\"," +
            $"\"kubernetes.io/serviceaccount/service-account.uid\":\"{uid}\",\"sub\":\"system:serviceaccount:default:deployer\"}}";
        var signature = Base64Url(source.Bytes(256));
        return ($"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(payload))}.{signature}",
            signature[..KubernetesSecretLength]);
    }

    private static string KubeConfig(string token) =>
        "apiVersion: v1\n" +
        "clusters:\n" +
        "- cluster:\n" +
        "    insecure-skip-tls-verify: true\n" +
        "    server: https://k8s.internal.example.com:6443\n" +
        "  name: production\n" +
        "contexts:\n" +
        "- context:\n" +
        "    cluster: production\n" +
        "    namespace: default\n" +
        "    user: deployer\n" +
        "  name: production\n" +
        "current-context: production\n" +
        "kind: Config\n" +
        "preferences: {}\n" +
        "users:\n" +
        "- name: deployer\n" +
        "  user:\n" +
        $"    token: {token}\n";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
