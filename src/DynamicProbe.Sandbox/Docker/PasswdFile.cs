using System.Globalization;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>Reads the accounts of an <c>/etc/passwd</c> file (<c>name:x:uid:gid:gecos:home:shell</c>).</summary>
public static class PasswdFile
{
    public static IReadOnlyList<UserAccount> Parse(string text) =>
        text.Split('\n')
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length >= 6 && !fields[0].StartsWith('#'))
            .Select(fields => TryAccount(fields))
            .OfType<UserAccount>()
            .ToList();

    /// <summary>The account named <paramref name="user"/>, or whose uid it is when it is a number.</summary>
    public static UserAccount? Find(IReadOnlyList<UserAccount> accounts, string user) =>
        accounts.FirstOrDefault(a => a.Name == user)
        ?? (int.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? accounts.FirstOrDefault(a => a.Uid == uid) : null);

    private static UserAccount? TryAccount(string[] fields) =>
        int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
        && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? new UserAccount(fields[0], uid, gid, fields[5])
            : null;
}
