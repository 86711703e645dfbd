namespace DynamicProbe.Sandbox.Images;

/// <summary>The labels the image builder bakes into every image it builds.</summary>
public static class ImageLabels
{
    /// <summary>The hash of the recipe the image was built from; an unchanged recipe is not rebuilt.</summary>
    public const string Recipe = "dynamicprobe.recipe";

    /// <summary>The YAML text of the image's default allowances (its recipe's <c>allowances.yaml</c>).</summary>
    public const string Allowances = "dynamicprobe.allowances";
}
