namespace DynamicProbe.Sandbox.Images;

/// <summary>How a recipe makes its image.</summary>
public enum RecipeKind
{
    /// <summary>A host script writes a root file system tarball that is imported, then the Dockerfile builds on it.</summary>
    Rootfs,

    /// <summary>The Dockerfile builds on another recipe's image, with host files copied into the context.</summary>
    Dockerfile,
}
