namespace DynamicProbe.Sandbox.Images;

/// <param name="RelativePath">Path below the walked root with <c>/</c> separators; empty for a root that is a file.</param>
/// <param name="LinkTarget">For a symbolic link, what it points to (not followed).</param>
public sealed record FileTreeEntry(string FullPath, string RelativePath, FileTreeEntryKind Kind, string? LinkTarget);
