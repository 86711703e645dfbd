using System.Globalization;
using System.Text;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Baselines;

/// <summary>
/// The baseline file beside a scenario (<c>foo.yaml</c> → <c>foo.baseline</c>): a <see cref="BehaviourProfile"/> as
/// reviewable text, one behaviour a line (<c>read /app/HelloConsole.dll</c>), sorted within each <c>[section]</c>,
/// so a re-recording diffs line by line in a pull request. Text that came from the target is escaped (backslash,
/// control, bidi and other invisible characters as <c>\uXXXX</c>) so each behaviour stays on its own line, exactly.
/// </summary>
public static class BaselineFile
{
    public const string Extension = ".baseline";
    private const string Version = "version 1";

    private static readonly (ActionKind Kind, string Word)[] Words =
    [
        (ActionKind.FileRead, "read"),
        (ActionKind.FileWrite, "write"),
        (ActionKind.FileDelete, "delete"),
        (ActionKind.ProcessExec, "exec"),
        (ActionKind.NetworkConnect, "connect"),
        (ActionKind.NetworkSend, "send"),
        (ActionKind.NetworkListen, "listen"),
        (ActionKind.DnsQuery, "dns"),
        (ActionKind.PrivilegedCall, "privileged"),
    ];

    public static string PathFor(Scenario scenario) => Path.ChangeExtension(scenario.FilePath, Extension);

    public static string RecordCommand(Scenario scenario) =>
        $"dynamicprobe baseline record {Path.GetRelativePath(Environment.CurrentDirectory, scenario.FilePath)}";

    /// <summary>The phases a run of <paramref name="scenario"/> has, so the sections its baseline must hold.</summary>
    public static IEnumerable<string> SectionsOf(Scenario scenario) =>
        (scenario.Target.IsProject ? [PhaseProfile.BuildSection] : Array.Empty<string>())
            .Append(PhaseProfile.RunSection)
            .Concat(scenario.Variants.Select(v => PhaseProfile.SectionOf(Events.Phase.Run, v.Name)));

    public static string Format(Scenario scenario, BehaviourProfile profile)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# DynamicProbe behaviour baseline of scenario {scenario.Name} ({Path.GetFileName(scenario.FilePath)}).\n")
            .Append("# What the program did in each phase, one behaviour a line, sorted; run-specific parts folded (canary values\n")
            .Append("# as <canary>, digits in paths as #, random temporary names as *, ephemeral ports as <ephemeral>, the\n")
            .Append("# sinkhole's addresses by the DNS name they were given for); what the image's default allowances and the\n")
            .Append("# sandbox cover left out. 'dynamicprobe run --baseline' reports only what differs from this file.\n")
            .Append("# Review it like code. After an accepted change, re-record it with:\n")
            .Append(CultureInfo.InvariantCulture, $"#   {RecordCommand(scenario)}\n")
            .Append(Version).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"scenario {scenario.Name}\n");
        foreach (var section in SectionsOf(scenario))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{section}]\n");
            var lines = profile.Section(section)?.Behaviours.Keys.Select(LineOf) ?? [];
            foreach (var line in lines.Order(StringComparer.Ordinal))
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Reads <paramref name="scenario"/>'s baseline; a missing, malformed or outdated one is the user's to fix.</summary>
    public static BehaviourProfile Load(Scenario scenario)
    {
        var path = PathFor(scenario);
        if (!File.Exists(path))
        {
            throw new UserErrorException(
                $"{scenario.FilePath}: --baseline needs the baseline file {path}, which does not exist; record it with '{RecordCommand(scenario)}'.");
        }

        var profile = Parse(File.ReadAllText(path), path, scenario);
        var expected = SectionsOf(scenario).ToList();
        var found = profile.Phases.Select(p => p.Section).ToList();
        if (!expected.SequenceEqual(found))
        {
            throw new UserErrorException(
                $"{path}: holds the phases [{string.Join("], [", found)}] but scenario {scenario.Name} now has [{string.Join("], [", expected)}] "
                + $"(its target or variants changed); re-record it with '{RecordCommand(scenario)}'.");
        }

        return profile;
    }

    public static BehaviourProfile Parse(string text, string path, Scenario scenario)
    {
        var sections = new List<(string Name, Dictionary<BehaviourKey, IReadOnlyList<ObservedAction>> Keys)>();
        var header = 0;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            UserErrorException Bad(string what) =>
                new($"{path}:{index + 1}: {what}; fix the line or re-record the file with '{RecordCommand(scenario)}'.");

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (header == 0)
            {
                header = line == Version ? 1 : throw Bad($"expected '{Version}', found '{Escape(line)}'");
            }
            else if (header == 1)
            {
                header = line == $"scenario {scenario.Name}" ? 2 : throw Bad($"expected 'scenario {scenario.Name}', found '{Escape(line)}' (a baseline of another scenario?)");
            }
            else if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var name = line[1..^1];
                if (sections.Any(s => s.Name == name))
                {
                    throw Bad($"section [{name}] appears twice");
                }

                sections.Add((name, []));
            }
            else if (sections.Count == 0)
            {
                throw Bad("a behaviour before the first [section]");
            }
            else
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var word = space < 0 ? line : line[..space];
                var kind = Words.FirstOrDefault(w => w.Word == word);
                if (space < 0 || kind.Word is null)
                {
                    throw Bad($"expected a behaviour ({string.Join(", ", Words.Select(w => w.Word))} and its subject), found '{Escape(line)}'");
                }

                var subject = Unescape(line[(space + 1)..]) ?? throw Bad($"a bad escape in '{line}' (only \\\\ and \\uXXXX are known)");
                sections[^1].Keys.TryAdd(new BehaviourKey(kind.Kind, subject), []);
            }
        }

        if (header < 2)
        {
            throw new UserErrorException($"{path}: not a baseline file (no '{Version}' and 'scenario {scenario.Name}' lines); re-record it with '{RecordCommand(scenario)}'.");
        }

        return new BehaviourProfile([.. sections.Select(s => new PhaseProfile(s.Name, s.Keys))]);
    }

    private static string LineOf(BehaviourKey key) => $"{Words.First(w => w.Kind == key.Kind).Word} {Escape(key.Subject)}";

    /// <summary>Every character that could break a line, hide text or look like another as <c>\uXXXX</c>; a backslash doubled.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                escaped.Append(@"\\");
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || IsInvisible(c) || (c == ' ' && i == text.Length - 1))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>Bidi controls, zero-width characters and line or paragraph separators.</summary>
    private static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>The text <see cref="Escape"/> was given, or null when <paramref name="text"/> holds an unknown escape.</summary>
    public static string? Unescape(string text)
    {
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                plain.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '\\')
            {
                plain.Append('\\');
                i++;
            }
            else if (i + 5 < text.Length && text[i + 1] == 'u'
                     && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                plain.Append((char)code);
                i += 5;
            }
            else
            {
                return null;
            }
        }

        return plain.ToString();
    }
}
