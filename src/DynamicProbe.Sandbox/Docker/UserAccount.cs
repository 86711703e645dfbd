namespace DynamicProbe.Sandbox.Docker;

/// <summary>A user of an image, as its <c>/etc/passwd</c> defines it.</summary>
public sealed record UserAccount(string Name, int Uid, int Gid, string Home)
{
    /// <summary>The user the container's init runs as: root with no capabilities, so the target (never root) cannot signal or trace it.</summary>
    public static UserAccount Root { get; } = new("root", 0, 0, "/root");

    /// <summary>The form Docker's <c>User</c> fields take.</summary>
    public string DockerUser => $"{Uid}:{Gid}";
}
