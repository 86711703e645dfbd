using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios.Loading;

namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// Loads and validates scenario files (format v1, see scenario-format.md) into <see cref="Scenario"/> records.
/// </summary>
/// <remarks>
/// Choices where the format leaves room:
/// <list type="bullet">
/// <item>Durations need a unit; a bare number is an error (see <see cref="DurationFormat"/>).</item>
/// <item><c>target.args</c> with a <c>target.command</c> are appended to it: <see cref="TargetSpec.Command"/> holds
/// the whole argv and <see cref="TargetSpec.Args"/> is empty.</item>
/// <item>A field written with nothing after its colon (YAML null) is treated as not given and gets its default,
/// except an <c>env</c> or <c>headers</c> value, which must be written <c>""</c> to be empty.</item>
/// <item><c>wait_for.timeout</c> defaults to <see cref="StepDefaults.WaitForTimeout"/>; <c>expect_exit</c> left
/// out means the exit code is not checked.</item>
/// <item>A variant's <c>env</c> is merged over the scenario's; its other fields replace the scenario's.</item>
/// <item>Features the tool cannot run yet (sinkhole network, honeytokens, clock, variants, http steps) are parsed
/// fully and then refused with a "not supported yet" error; see <c>Loading/SupportedFeatures.cs</c>.</item>
/// </list>
/// Every problem of a file is reported at once, one <c>file:line:col: field: problem</c> line each.
/// </remarks>
public static class ScenarioLoader
{
    private static readonly string[] ScenarioExtensions = [".yaml", ".yml"];

    /// <summary>Loads one scenario file.</summary>
    /// <param name="path">The file, absolute or relative to the current folder.</param>
    /// <exception cref="UserErrorException">The file is missing, unreadable, not valid YAML or not a valid scenario.</exception>
    public static Scenario Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new UserErrorException($"{fullPath}: no such scenario file");
        }

        var errors = new ScenarioErrors();
        var loaded = Read(fullPath, errors);
        errors.ThrowIfAny();
        return loaded!.Value.Scenario;
    }

    /// <summary>
    /// Loads every scenario named by <paramref name="paths"/>, in the order of <see cref="FindScenarioFiles"/>, and
    /// checks that their names are unique.
    /// </summary>
    /// <exception cref="UserErrorException">
    /// A path is missing, a folder holds no scenario, a file is invalid or two scenarios share a name. The message
    /// lists every problem of every file, one per line.
    /// </exception>
    public static IReadOnlyList<Scenario> LoadAll(IEnumerable<string> paths)
    {
        var checks = CheckAll(paths);
        var problems = checks.Where(check => !check.IsValid).Select(check => string.Join('\n', check.Problems)).ToList();
        if (problems.Count > 0)
        {
            throw new UserErrorException(string.Join('\n', problems));
        }

        return [.. checks.Select(check => check.Scenario!)];
    }

    /// <summary>
    /// Loads every scenario named by <paramref name="paths"/> as <see cref="LoadAll"/> does, but reports each file on its
    /// own instead of stopping at the first invalid one: what <c>dynamicprobe validate</c> prints.
    /// </summary>
    /// <exception cref="UserErrorException">A path is missing or a folder holds no scenario (see <see cref="FindScenarioFiles"/>).</exception>
    public static IReadOnlyList<ScenarioCheck> CheckAll(IEnumerable<string> paths)
    {
        var files = FindScenarioFiles(paths);
        var checks = new List<ScenarioCheck>(files.Count);
        var firstByName = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var errors = new ScenarioErrors();
            var loaded = Read(file, errors);
            if (errors.Any || loaded is not { } value)
            {
                checks.Add(new ScenarioCheck(file, null, errors.Describe().Split('\n')));
                continue;
            }

            var (scenario, locations) = value;

            var nameLocation = locations.Nearest("name");
            if (firstByName.TryGetValue(scenario.Name, out var first))
            {
                checks.Add(new ScenarioCheck(
                    file,
                    null,
                    [$"{nameLocation}: name: found '{scenario.Name}', already the name of the scenario in {first}; expected a name unique within one run"]));
                continue;
            }

            firstByName.Add(scenario.Name, nameLocation);
            checks.Add(new ScenarioCheck(file, scenario, []));
        }

        return checks;
    }

    /// <summary>
    /// The scenario files named by <paramref name="paths"/>, as absolute paths: a file stands for itself (whatever its
    /// extension); a folder for every <c>*.yaml</c> and <c>*.yml</c> file inside it, recursively, sorted by path. A
    /// file named twice is listed once, where it first appears.
    /// </summary>
    /// <exception cref="UserErrorException">No path was given, a path does not exist, or a folder holds no scenario file.</exception>
    public static IReadOnlyList<string> FindScenarioFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);

        var problems = new List<string>();
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var any = false;
        foreach (var path in paths)
        {
            any = true;
            var fullPath = Path.GetFullPath(path);
            IEnumerable<string> found;
            if (File.Exists(fullPath))
            {
                found = [fullPath];
            }
            else if (Directory.Exists(fullPath))
            {
                found = ScenarioFilesIn(fullPath, problems);
            }
            else
            {
                problems.Add($"{fullPath}: no such scenario file or folder");
                continue;
            }

            files.AddRange(found.Where(seen.Add));
        }

        if (!any)
        {
            problems.Add("no scenario given; expected scenario files or folders of them");
        }

        if (problems.Count > 0)
        {
            throw new UserErrorException(string.Join('\n', problems));
        }

        return files;
    }

    private static List<string> ScenarioFilesIn(string folder, List<string> problems)
    {
        // Not skipping unreadable folders or hidden files: a scenario left out silently is a check that never ran.
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
        };
        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(folder, "*", options)
                .Where(file => ScenarioExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{folder}: cannot list the folder: {exception.Message}");
            return [];
        }

        if (files.Count == 0)
        {
            problems.Add($"{folder}: no *.yaml or *.yml scenario file in this folder or below it");
        }

        return files;
    }

    private static (Scenario Scenario, FieldLocations Locations)? Read(string fullPath, ScenarioErrors errors)
    {
        var read = ScenarioFileReader.Read(fullPath, errors);
        if (read is { } value)
        {
            SupportedFeatures.Check(value.Scenario, value.Locations, errors);
        }

        return read;
    }
}
