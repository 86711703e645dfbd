namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>A needle found in a reading of a text, at <paramref name="Index"/> of that reading.</summary>
internal sealed record SecretMatch(SecretNeedle Needle, HaystackForm Form, int Index);
