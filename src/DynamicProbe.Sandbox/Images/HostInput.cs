namespace DynamicProbe.Sandbox.Images;

/// <summary>A host file or folder copied into a recipe's build context.</summary>
/// <param name="HostPath">Absolute path on the host, placeholders already expanded.</param>
/// <param name="ContextPath">Relative path inside the build context, with <c>/</c> separators.</param>
public sealed record HostInput(string HostPath, string ContextPath);
