namespace DynamicProbe.Sandbox.Images;

/// <param name="UpToDate">True when the image already matched its recipe and nothing was built.</param>
public sealed record ImageBuildResult(string Tag, string ImageId, bool UpToDate, TimeSpan Elapsed);
