namespace DynamicProbe.Sandbox.Images;

public enum FileTreeEntryKind
{
    File,
    Directory,
    SymbolicLink,
}
