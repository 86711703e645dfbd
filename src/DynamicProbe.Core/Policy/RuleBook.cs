using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Findings;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DynamicProbe.Core.Policy;

/// <summary>The ordered behaviour rules; the built-in set is <c>rules.yaml</c>, embedded in this assembly.</summary>
public sealed class RuleBook
{
    private const string ResourceName = "DynamicProbe.Core.Policy.rules.yaml";

    private readonly IReadOnlyDictionary<string, string> _codeTechniques;

    private RuleBook(IReadOnlyList<BehaviourRule> rules, IReadOnlyDictionary<string, string> codeTechniques, IReadOnlyList<RuleDescription> descriptions)
    {
        Rules = rules;
        _codeTechniques = codeTechniques;
        Descriptions = descriptions;
    }

    public IReadOnlyList<BehaviourRule> Rules { get; }

    /// <summary>Every rule a finding can carry, the behaviour rules' ids first, then those of findings made in code.</summary>
    public IReadOnlyList<RuleDescription> Descriptions { get; }

    /// <summary>Every rule id, each once, in file order: what a scenario's <c>allow_rules</c> may name.</summary>
    public IReadOnlyList<string> Ids => [.. Rules.Select(r => r.Id).Distinct()];

    public static RuleBook BuiltIn()
    {
        using var stream = typeof(RuleBook).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parses rules in the rules.yaml format; a malformed rule is a bug in the tool, so it throws.</summary>
    public static RuleBook Parse(string yaml)
    {
        var document = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<RuleFile>(yaml);
        var rules = document.Rules.Select(ToRule).ToList();
        foreach (var kind in Enum.GetValues<ActionKind>())
        {
            if (!rules.Any(r => r.On.Contains(kind) && r.IsCatchAll))
            {
                throw new InvalidOperationException($"Rules have no catch-all for {kind}: unexpected actions of that kind would go unreported.");
            }
        }

        var codeTechniques = document.CodeRules
            .Where(r => r.Value.Technique is not null)
            .ToDictionary(r => r.Key, r => r.Value.Technique!, StringComparer.Ordinal);
        return new RuleBook(rules, codeTechniques, [.. Describe(document.Rules, rules), .. document.CodeRules.Select(Describe).OfType<RuleDescription>()]);
    }

    /// <summary>The description of a rule id; null for an id this version does not know (a report from another version).</summary>
    public RuleDescription? DescriptionOf(string id) => Descriptions.FirstOrDefault(d => d.Id == id);

    /// <summary>The first rule that names <paramref name="action"/>; every kind has a catch-all, so there always is one.</summary>
    /// <param name="writtenEarlier">Whether the action's subject was written earlier in the phase.</param>
    public BehaviourRule RuleFor(ObservedAction action, bool writtenEarlier = false) => Rules.First(r => r.Matches(action, writtenEarlier));

    /// <summary>
    /// The technique of a finding made in code (<c>honeytoken-read</c>, <c>sustained-cpu</c>, …), from the
    /// <c>code_rules</c> section of rules.yaml; null when none fits.
    /// </summary>
    public string? TechniqueOf(string findingRule) => _codeTechniques.GetValueOrDefault(findingRule);

    /// <summary>The finding with its technique named, when it has none yet and one fits.</summary>
    public Finding WithTechnique(Finding finding) =>
        finding.Technique is null && TechniqueOf(finding.Rule) is { } technique ? finding with { Technique = technique } : finding;

    /// <summary>
    /// One description per id, from its first entry: the others share it (and may not repeat it). An id without
    /// title and help has none (the built-in rules all have one: a test holds them to it).
    /// </summary>
    private static IEnumerable<RuleDescription> Describe(List<RuleEntry> entries, List<BehaviourRule> rules)
    {
        foreach (var byId in entries.Zip(rules).GroupBy(e => e.First.Id!, StringComparer.Ordinal))
        {
            var (first, _) = byId.First();
            if (byId.Skip(1).Any(e => e.First.Title is not null || e.First.Help is not null))
            {
                throw new InvalidOperationException($"Rule {byId.Key}: only its first entry has a title and help.");
            }

            if (Description(
                byId.Key,
                first.Title,
                first.Help,
                byId.Max(e => e.Second.Severity),
                [.. byId.Select(e => e.Second.Technique).OfType<string>().Distinct()]) is { } description)
            {
                yield return description;
            }
        }
    }

    private static RuleDescription? Describe(KeyValuePair<string, CodeRuleEntry> entry) => Description(
        entry.Key,
        entry.Value.Title,
        entry.Value.Help,
        Enum.Parse<Severity>(entry.Value.Severity ?? throw new InvalidOperationException($"Rule {entry.Key} has no severity."), ignoreCase: true),
        entry.Value.Technique is { } technique ? [technique] : []);

    /// <summary>The help's first paragraph says what the behaviour is, the rest what to do about it.</summary>
    private static RuleDescription? Description(string id, string? title, string? help, Severity severity, IReadOnlyList<string> techniques)
    {
        if (title is null && help is null)
        {
            return null;
        }

        var paragraphs = (help ?? throw new InvalidOperationException($"Rule {id} has a title but no help."))
            .Trim()
            .Split("\n\n", 2);
        if (paragraphs.Length < 2)
        {
            throw new InvalidOperationException($"Rule {id}: its help needs what the behaviour is, a blank line, then what to do about it.");
        }

        return new RuleDescription(
            id,
            title ?? throw new InvalidOperationException($"Rule {id} has no title."),
            Unwrap(paragraphs[0]),
            Unwrap(paragraphs[1]),
            severity,
            techniques);
    }

    /// <summary>Lines wrapped for the YAML file join into one: reports wrap text themselves.</summary>
    private static string Unwrap(string text) => string.Join("\n\n", text.Split("\n\n").Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries))));

    private static BehaviourRule ToRule(RuleEntry entry) => new(
        entry.Id ?? throw new InvalidOperationException("A rule has no id."),
        entry.On.Select(k => Enum.Parse<ActionKind>(k)).ToHashSet(),
        entry.Subjects is null ? null : GlobSet.ForPaths(entry.Subjects, includeFolderItself: false),
        Enum.Parse<Severity>(entry.Severity ?? throw new InvalidOperationException($"Rule {entry.Id} has no severity."), ignoreCase: true),
        Enum.Parse<GroupBy>(entry.GroupBy ?? nameof(GroupBy.Subject), ignoreCase: true),
        entry.Message ?? throw new InvalidOperationException($"Rule {entry.Id} has no message."))
    {
        Technique = entry.Technique,
        AlwaysOn = entry.AlwaysOn,
        WrittenEarlier = entry.WrittenEarlier,
    };

    private sealed class RuleFile
    {
        public List<RuleEntry> Rules { get; set; } = [];

        public Dictionary<string, CodeRuleEntry> CodeRules { get; set; } = [];
    }

    private sealed class CodeRuleEntry
    {
        public string? Technique { get; set; }

        public string? Severity { get; set; }

        public string? Title { get; set; }

        public string? Help { get; set; }
    }

    private sealed class RuleEntry
    {
        public string? Id { get; set; }

        public List<string> On { get; set; } = [];

        public List<string>? Subjects { get; set; }

        public string? Severity { get; set; }

        public string? GroupBy { get; set; }

        public string? Message { get; set; }

        public string? Technique { get; set; }

        public bool AlwaysOn { get; set; }

        public bool WrittenEarlier { get; set; }

        public string? Title { get; set; }

        public string? Help { get; set; }
    }
}
