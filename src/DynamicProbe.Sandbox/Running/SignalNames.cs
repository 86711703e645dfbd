using System.Globalization;

namespace DynamicProbe.Sandbox.Running;

/// <summary>Linux signal numbers for the names a scenario's <c>stop</c> step may use (<c>TERM</c>, <c>SIGINT</c>, <c>9</c>).</summary>
public static class SignalNames
{
    public const int Kill = 9;

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ABRT"] = 6, ["KILL"] = Kill, ["USR1"] = 10,
        ["USR2"] = 12, ["ALRM"] = 14, ["TERM"] = 15, ["CONT"] = 18, ["STOP"] = 19, ["WINCH"] = 28,
    };

    /// <summary>The signal's number, or null when the name is not one of Linux's common signals.</summary>
    public static int? TryParse(string name)
    {
        var bare = name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? name[3..] : name;
        if (Numbers.TryGetValue(bare, out var number))
        {
            return number;
        }

        return int.TryParse(bare, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) && numeric is > 0 and < 65 ? numeric : null;
    }
}
