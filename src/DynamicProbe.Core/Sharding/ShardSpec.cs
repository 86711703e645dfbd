using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DynamicProbe.Core.Sharding;

/// <summary>Shard <paramref name="Index"/> of <paramref name="Count"/> (<c>--shard K/N</c>), counted from 1 like Playwright and Jest.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>Reads <c>K/N</c>; on failure, <paramref name="problem"/> says what was wrong and what to write instead.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ShardSpec? shard, [NotNullWhen(false)] out string? problem)
    {
        shard = null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !TryNumber(parts[0], out var index) || !TryNumber(parts[1], out var count))
        {
            problem = $"--shard '{text}': expected K/N, two whole numbers such as 2/3 (the second of 3 shards).";
            return false;
        }

        if (count < 1)
        {
            problem = $"--shard {text}: N, the number of shards, must be 1 or more; for example --shard 1/2.";
            return false;
        }

        if (index < 1 || index > count)
        {
            problem = $"--shard {text}: K must be from 1 to {count} (shards are counted from 1); for example --shard {Math.Clamp(index, 1, count)}/{count}.";
            return false;
        }

        shard = new ShardSpec(index, count);
        problem = null;
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    // Digits only: "+2", " 2" or "2.0" are typos, not shard numbers.
    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
