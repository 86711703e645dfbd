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
    /// <returns>The scenarios, and the YAML files found in folders that were skipped as not scenarios, for the caller to show.</returns>
    /// <exception cref="UserErrorException">
    /// A path is missing, a folder holds no scenario, a file is invalid or two scenarios share a name. The message
    /// lists every problem of every file, one per line.
    /// </exception>
    public static ScenarioSuite LoadAll(IEnumerable<string> paths)
    {
        var checks = CheckAll(paths);
        var problems = checks.Where(check => check.IsInvalid).Select(check => string.Join('\n', check.Problems)).ToList();
        if (problems.Count > 0)
        {
            throw new UserErrorException(string.Join('\n', problems));
        }

        return new ScenarioSuite(
            [.. checks.Where(check => check.IsValid).Select(check => check.Scenario!)],
            [.. checks.Where(check => check.IsSkipped)]);
    }

    /// <summary>
    /// Loads every scenario named by <paramref name="paths"/> as <see cref="LoadAll"/> does, but reports each file on its
    /// own instead of stopping at the first invalid one: what <c>dynamicprobe validate</c> prints. The YAML files a folder
    /// walk skipped as not scenarios are among them, in file order (<see cref="ScenarioCheck.IsSkipped"/>).
    /// </summary>
    /// <exception cref="UserErrorException">A path is missing or a folder holds no scenario (see <see cref="FindScenarioFiles"/>).</exception>
    public static IReadOnlyList<ScenarioCheck> CheckAll(IEnumerable<string> paths)
    {
        var files = Find(paths);
        var checks = new List<ScenarioCheck>(files.Count);
        var firstByName = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (file, skipReason) in files)
        {
            if (skipReason is not null)
            {
                checks.Add(new ScenarioCheck(file, null, []) { SkipReason = skipReason });
                continue;
            }

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
    /// extension and content); a folder for every <c>*.yaml</c> and <c>*.yml</c> file inside it, recursively, sorted by
    /// path, except a target's own YAML data: a file whose top level names none of <c>version</c>, <c>target</c>,
    /// <c>steps</c> (a file that is not valid YAML is kept, so its error is shown). <see cref="CheckAll"/> and
    /// <see cref="LoadAll"/> report those skipped files. A file named twice is listed once, where it first appears.
    /// </summary>
    /// <exception cref="UserErrorException">No path was given, a path does not exist, or a folder holds no scenario file.</exception>
    public static IReadOnlyList<string> FindScenarioFiles(IEnumerable<string> paths) =>
        [.. Find(paths).Where(found => found.SkipReason is null).Select(found => found.FilePath)];

    /// <summary>Every file <see cref="FindScenarioFiles"/> finds, each with why it is skipped (null for a scenario).</summary>
    private static List<FoundFile> Find(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);

        var fullPaths = paths.Select(Path.GetFullPath).ToList();
        // A file named on the command line is a scenario, also where a folder given with it holds it.
        var named = fullPaths.Where(File.Exists).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var files = new List<FoundFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fullPath in fullPaths)
        {
            IEnumerable<FoundFile> found;
            if (File.Exists(fullPath))
            {
                found = [new FoundFile(fullPath, null)];
            }
            else if (Directory.Exists(fullPath))
            {
                found = ScenarioFilesIn(fullPath, named, problems);
            }
            else
            {
                problems.Add($"{fullPath}: no such scenario file or folder");
                continue;
            }

            files.AddRange(found.Where(file => seen.Add(file.FilePath)));
        }

        if (fullPaths.Count == 0)
        {
            problems.Add("no scenario given; expected scenario files or folders of them");
        }

        if (problems.Count > 0)
        {
            throw new UserErrorException(string.Join('\n', problems));
        }

        return files;
    }

    private static List<FoundFile> ScenarioFilesIn(string folder, HashSet<string> named, List<string> problems)
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
            return [];
        }

        var found = files.Select(file => new FoundFile(file, named.Contains(file) ? null : DataFileRule.WhyNotAScenario(file))).ToList();
        if (found.TrueForAll(file => file.SkipReason is not null))
        {
            problems.Add(
                $"{folder}: no scenario file in this folder or below it; its {files.Count} *.yaml and *.yml file(s) are not "
                + $"scenarios (their top level names none of {DataFileRule.FieldList})");
        }

        return found;
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

    /// <param name="SkipReason">Why a file found in a folder is not a scenario; null for a scenario file.</param>
    private sealed record FoundFile(string FilePath, string? SkipReason);
}
