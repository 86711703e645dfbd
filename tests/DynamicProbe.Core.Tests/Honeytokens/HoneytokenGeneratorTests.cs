using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using DynamicProbe.Core.Honeytokens;

namespace DynamicProbe.Core.Tests.Honeytokens;

public sealed class HoneytokenGeneratorTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public void AwsCredentialsFileAndVariablesHaveTheRealFormats()
    {
        var set = new HoneytokenGenerator().Generate();

        var credentials = File(set, "/home/probe/.aws/credentials");
        Assert.That(credentials.Content, Does.Match(@"^\[default\]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = [A-Za-z0-9+/]{40}\n$"));
        Assert.That(credentials.Content, Does.Contain(Token(set, "/home/probe/.aws/credentials").Secret));
        Assert.That(set.Environment["AWS_ACCESS_KEY_ID"], Does.Match("^AKIA[A-Z2-7]{16}$"));
        Assert.That(set.Environment["AWS_SECRET_ACCESS_KEY"], Does.Match("^[A-Za-z0-9+/]{40}$"));
        Assert.That(Variable(set, "AWS_SECRET_ACCESS_KEY").Secret, Is.EqualTo(set.Environment["AWS_SECRET_ACCESS_KEY"]));
        Assert.That(Variable(set, "AWS_SECRET_ACCESS_KEY").Kind, Is.EqualTo(HoneytokenKind.AwsCredentials));
    }

    [Test]
    public void GitHubAndNpmTokensCarryAValidChecksum()
    {
        var set = new HoneytokenGenerator().Generate();

        var github = set.Environment["GITHUB_TOKEN"];
        var oauth = Token(set, "/home/probe/.config/gh/hosts.yml").Secret;
        var npm = Token(set, "/home/probe/.npmrc").Secret;
        Assert.That(github, Does.Match("^ghp_[A-Za-z0-9]{36}$"));
        Assert.That(oauth, Does.Match("^gho_[A-Za-z0-9]{36}$"));
        Assert.That(npm, Does.Match("^npm_[A-Za-z0-9]{36}$"));
        Assert.That(new[] { github, oauth, npm }.Select(HasGitHubChecksum), Is.All.True);
        Assert.That(File(set, "/home/probe/.config/gh/hosts.yml").Content, Does.Match(@"^github\.com:\n    oauth_token: gho_\w+\n    user: probe\n"));
        Assert.That(File(set, "/home/probe/.npmrc").Content, Is.EqualTo($"//registry.npmjs.org/:_authToken={npm}\n"));
    }

    [Test]
    public void NetrcKubeConfigAndDatabaseUrlHoldTheirSecrets()
    {
        var set = new HoneytokenGenerator().Generate();

        var netrc = Token(set, "/home/probe/.netrc").Secret;
        Assert.That(File(set, "/home/probe/.netrc").Content, Is.EqualTo($"machine api.example.com login deploy password {netrc}\n"));
        var kube = File(set, "/home/probe/.kube/config").Content;
        Assert.That(kube, Does.Match(@"\n    token: eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{342}\n"));
        Assert.That(kube, Does.Contain(Token(set, "/home/probe/.kube/config").Secret));
        Assert.That(set.Environment["DATABASE_URL"], Does.Match("^postgres://app:[A-Za-z0-9]{32}@db.internal.example.com:5432/payments$"));
        Assert.That(set.Environment["DATABASE_URL"], Does.Contain(Variable(set, "DATABASE_URL").Secret));
    }

    [Test]
    public void SshKeysAreOpenSshKeyFilesWhoseBodyHoldsTheSecretOnOneLine([Values("id_rsa", "id_ed25519")] string name)
    {
        var set = new HoneytokenGenerator().Generate();

        var key = File(set, $"/home/probe/.ssh/{name}");
        var secret = Token(set, key.Path).Secret;
        Assert.That(key.Content, Does.Match(@"^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/]{70}\n)+[A-Za-z0-9+/=]{1,70}\n-----END OPENSSH PRIVATE KEY-----\n$"));
        Assert.That(key.Content.Split('\n').Count(line => line.Contains(secret, StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(secret.Length, Is.InRange(32, 64));
        Assert.That(key.Mode, Is.EqualTo(Private));

        var blob = Convert.FromBase64String(string.Concat(key.Content.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var reader = new SshReader(blob);
        Assert.That(Encoding.ASCII.GetString(reader.Raw(15)), Is.EqualTo("openssh-key-v1\0"));
        Assert.That(new[] { reader.Text(), reader.Text(), reader.Text() }, Is.EqualTo(new[] { "none", "none", "" }));
        Assert.That(reader.UInt32(), Is.EqualTo(1));
        var publicKey = reader.Bytes();
        var section = new SshReader(reader.Bytes());
        Assert.That(reader.AtEnd, Is.True);
        var check = section.UInt32();
        Assert.That(section.UInt32(), Is.EqualTo(check), "the two check numbers of an unencrypted key are equal");
        var keyType = section.Text();
        Assert.That(keyType, Is.EqualTo(name == "id_rsa" ? "ssh-rsa" : "ssh-ed25519"));
        var publicLine = File(set, key.Path + ".pub").Content;
        Assert.That(publicLine, Is.EqualTo($"{keyType} {Convert.ToBase64String(publicKey)} probe@workstation\n"));
    }

    [Test]
    public void FilesAndFoldersLiveInTheGivenHomeWithRealisticModes()
    {
        var set = new HoneytokenGenerator().Generate("/home/alice/");

        Assert.That(set.Files.Select(f => f.Path), Is.All.StartsWith("/home/alice/."));
        Assert.That(set.Tokens.Where(t => t.FilePath is not null).Select(t => t.FilePath), Is.SubsetOf(set.Files.Select(f => f.Path)));
        Assert.That(set.Files.Where(f => !f.Path.EndsWith(".pub", StringComparison.Ordinal)).Select(f => f.Mode), Is.All.EqualTo(Private));
        Assert.That(set.Folders.Single(f => f.Path == "/home/alice/.ssh").Mode, Is.EqualTo(Private | UnixFileMode.UserExecute));
        foreach (var file in set.Files)
        {
            var folder = Path.GetDirectoryName(file.Path)!;
            Assert.That(folder == "/home/alice" || set.Folders.Any(f => f.Path == folder), Is.True, file.Path);
        }

        var order = set.Folders.Select(f => f.Path).ToList();
        Assert.That(order.IndexOf("/home/alice/.config"), Is.LessThan(order.IndexOf("/home/alice/.config/gh")));
        Assert.That(File(set, "/home/alice/.config/gh/hosts.yml").Content, Does.Contain("user: alice"));
    }

    [Test]
    public void EverySecretIsLongAndEveryTokenSaysWhereItIs()
    {
        var set = new HoneytokenGenerator().Generate();

        Assert.That(set.Tokens, Has.Count.EqualTo(10));
        Assert.That(set.Tokens.Select(t => t.Secret.Length), Is.All.GreaterThanOrEqualTo(32));
        Assert.That(set.Tokens.Select(t => (t.FilePath is null) != (t.EnvironmentVariable is null)), Is.All.True);
        Assert.That(set.Tokens.Select(t => t.Secret), Is.Unique);
        Assert.That(set.Tokens.Where(t => t.EnvironmentVariable is not null).Select(t => t.EnvironmentVariable),
            Is.EquivalentTo(new[] { "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DATABASE_URL" }));
    }

    [Test]
    public void TwoRunsShareNoValue()
    {
        var generator = new HoneytokenGenerator();

        var first = generator.Generate();
        var second = generator.Generate();

        Assert.That(first.Tokens.Select(t => t.Secret), Has.No.AnyOf(second.Tokens.Select(t => t.Secret).ToArray()));
        Assert.That(first.Environment.Values, Has.No.AnyOf(second.Environment.Values.ToArray()));
    }

    [Test]
    public void AGivenRandomSourceMakesTheSetReproducible()
    {
        var first = new HoneytokenGenerator(new Random(7)).Generate();
        var again = new HoneytokenGenerator(new Random(7)).Generate();
        var other = new HoneytokenGenerator(new Random(8)).Generate();

        Assert.That(again.Tokens, Is.EqualTo(first.Tokens));
        Assert.That(again.Files.Select(f => f.Content), Is.EqualTo(first.Files.Select(f => f.Content)));
        Assert.That(other.Tokens.Select(t => t.Secret), Has.No.AnyOf(first.Tokens.Select(t => t.Secret).ToArray()));
    }

    [Test]
    public void VariablesTheScenarioSetsAreNoCanaries()
    {
        var set = new HoneytokenGenerator().Generate().WithoutVariables(["GITHUB_TOKEN"]);

        Assert.That(set.Environment.Keys, Does.Not.Contain("GITHUB_TOKEN").And.Contain("DATABASE_URL"));
        Assert.That(set.Tokens.Select(t => t.EnvironmentVariable), Does.Not.Contain("GITHUB_TOKEN").And.Contain("DATABASE_URL"));
    }

    [Test]
    public void ARelativeHomeIsRefused()
    {
        Assert.That(() => new HoneytokenGenerator().Generate("home/probe"), Throws.ArgumentException);
    }

    private static CanaryFile File(HoneytokenSet set, string path) => set.Files.Single(f => f.Path == path);

    private static Honeytoken Token(HoneytokenSet set, string path) => set.Tokens.Single(t => t.FilePath == path);

    private static Honeytoken Variable(HoneytokenSet set, string name) => set.Tokens.Single(t => t.EnvironmentVariable == name);

    /// <summary>GitHub's published scheme, written out again here so the test does not trust the generator's own code.</summary>
    private static bool HasGitHubChecksum(string token)
    {
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var entropy = token[4..^6];
        var crc = GzipCrc32(Encoding.ASCII.GetBytes(entropy));
        var encoded = new StringBuilder();
        for (var i = 0; i < 6; i++, crc /= 62)
        {
            encoded.Insert(0, digits[(int)(crc % 62)]);
        }

        return Regex.IsMatch(token, "^[a-z]{3}_") && token[^6..] == encoded.ToString();
    }

    /// <summary>CRC-32 as gzip's trailer holds it (its first four bytes, little-endian): an implementation independent of ours.</summary>
    private static uint GzipCrc32(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(buffer.ToArray().AsSpan()[^8..]);
    }

    private sealed class SshReader(byte[] data)
    {
        private int position;

        public bool AtEnd => position == data.Length;

        public byte[] Raw(int count)
        {
            var bytes = data[position..(position + count)];
            position += count;
            return bytes;
        }

        public int UInt32() => BinaryPrimitives.ReadInt32BigEndian(Raw(4));

        public byte[] Bytes() => Raw(UInt32());

        public string Text() => Encoding.ASCII.GetString(Bytes());
    }
}
