using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// Durations as scenarios write them: one or more number-unit pairs, largest unit first, each unit at most once:
/// <c>500ms</c>, <c>2s</c>, <c>1.5s</c>, <c>1m</c>, <c>1h</c>, <c>1m30s</c>, <c>1h2m3s450ms</c>. Units are
/// <c>h</c>, <c>m</c>, <c>s</c> and <c>ms</c>, lower case only (<c>M</c> reads like months).
/// </summary>
/// <remarks>
/// A bare number such as <c>60</c> is rejected rather than read as seconds: <c>timeout: 500</c> is as likely to mean
/// milliseconds as seconds, and a scenario that silently waits eight minutes instead of half a second (or the
/// reverse) is worse than one that asks for a unit.
/// </remarks>
public static partial class DurationFormat
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Expected = "a duration with a unit, like 500ms, 2s, 1m, 1h or 1m30s";

    private const string Number = @"(\d+(?:\.\d+)?)";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        decimal totalMilliseconds = 0;
        decimal[] millisecondsPerUnit = [3_600_000m, 60_000m, 1_000m, 1m];
        for (var group = 1; group <= millisecondsPerUnit.Length; group++)
        {
            var value = match.Groups[group];
            if (!value.Success)
            {
                continue;
            }

            if (!decimal.TryParse(value.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount > decimal.MaxValue / millisecondsPerUnit[group - 1] - totalMilliseconds)
            {
                return false;
            }

            totalMilliseconds += amount * millisecondsPerUnit[group - 1];
        }

        if (totalMilliseconds > (decimal)TimeSpan.MaxValue.TotalMilliseconds - 1)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(totalMilliseconds * TimeSpan.TicksPerMillisecond));
        return true;
    }

    // "m(?!s)" keeps the minutes group from eating the "m" of "ms".
    [GeneratedRegex($"^(?:{Number}h)?(?:{Number}m(?!s))?(?:{Number}s)?(?:{Number}ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
