namespace DynamicProbe.Sandbox.Network;

/// <summary>Finds the catcher's build output: a folder holding DynamicProbe.Sinkhole.dll with its runtimeconfig.</summary>
public static class CatcherFolderLocator
{
    public const string AssemblyFileName = "DynamicProbe.Sinkhole.dll";
    public const string RuntimeConfigFileName = "DynamicProbe.Sinkhole.runtimeconfig.json";

    /// <summary>The given folder, else a <c>sinkhole</c> folder beside this assembly, else this assembly's own folder.</summary>
    /// <exception cref="InvalidOperationException">No such folder holds the catcher.</exception>
    public static string Find(string? configured)
    {
        var candidates = configured is not null
            ? [configured]
            : new[] { Path.Combine(AppContext.BaseDirectory, "sinkhole"), AppContext.BaseDirectory };
        return candidates.FirstOrDefault(Holds)
               ?? throw new InvalidOperationException(
                   $"the sinkhole catcher ({AssemblyFileName} and {RuntimeConfigFileName}) is not in {string.Join(" or ", candidates)}; "
                   + "build src/DynamicProbe.Sinkhole (dotnet publish src/DynamicProbe.Sinkhole -o <folder>) and point the sandbox at that folder");
    }

    private static bool Holds(string folder) =>
        File.Exists(Path.Combine(folder, AssemblyFileName)) && File.Exists(Path.Combine(folder, RuntimeConfigFileName));
}
