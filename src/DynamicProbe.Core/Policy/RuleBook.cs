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

    private RuleBook(IReadOnlyList<BehaviourRule> rules, IReadOnlyDictionary<string, string> codeTechniques)
    {
        Rules = rules;
        _codeTechniques = codeTechniques;
    }

    public IReadOnlyList<BehaviourRule> Rules { get; }

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

        return new RuleBook(rules, document.Techniques);
    }

    /// <summary>The first rule that names <paramref name="action"/>; every kind has a catch-all, so there always is one.</summary>
    /// <param name="writtenEarlier">Whether the action's subject was written earlier in the phase.</param>
    public BehaviourRule RuleFor(ObservedAction action, bool writtenEarlier = false) => Rules.First(r => r.Matches(action, writtenEarlier));

    /// <summary>
    /// The technique of a finding made in code (<c>honeytoken-read</c>, <c>sustained-cpu</c>, …), from the
    /// <c>techniques</c> section of rules.yaml; null when none fits.
    /// </summary>
    public string? TechniqueOf(string findingRule) => _codeTechniques.GetValueOrDefault(findingRule);

    /// <summary>The finding with its technique named, when it has none yet and one fits.</summary>
    public Finding WithTechnique(Finding finding) =>
        finding.Technique is null && TechniqueOf(finding.Rule) is { } technique ? finding with { Technique = technique } : finding;

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

        public Dictionary<string, string> Techniques { get; set; } = [];
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
    }
}
