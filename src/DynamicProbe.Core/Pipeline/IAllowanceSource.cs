using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>The default allowances an image declares for what its own runtime needs (DESIGN.md decision 7).</summary>
public interface IAllowanceSource
{
    /// <exception cref="UserErrorException">The image is missing or declares no allowances.</exception>
    Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken);
}
