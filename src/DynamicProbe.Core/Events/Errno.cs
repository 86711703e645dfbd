namespace DynamicProbe.Core.Events;

/// <summary>Linux errno names, so evidence says "ENOENT" rather than -2.</summary>
public static class Errno
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [7] = "E2BIG", [8] = "ENOEXEC",
        [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY",
        [17] = "EEXIST", [18] = "EXDEV", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL", [23] = "ENFILE",
        [24] = "EMFILE", [26] = "ETXTBSY", [27] = "EFBIG", [28] = "ENOSPC", [30] = "EROFS", [31] = "EMLINK",
        [36] = "ENAMETOOLONG", [39] = "ENOTEMPTY", [40] = "ELOOP", [88] = "ENOTSOCK", [95] = "EOPNOTSUPP",
        [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN",
        [101] = "ENETUNREACH", [103] = "ECONNABORTED", [104] = "ECONNRESET", [110] = "ETIMEDOUT",
        [111] = "ECONNREFUSED", [113] = "EHOSTUNREACH", [115] = "EINPROGRESS",
    };

    /// <summary>The name for a syscall result: null for success (non-negative), else e.g. "ENOENT".</summary>
    public static string? NameOf(int result) =>
        result >= 0 ? null : Names.TryGetValue(-result, out var name) ? name : $"errno {-result}";
}
