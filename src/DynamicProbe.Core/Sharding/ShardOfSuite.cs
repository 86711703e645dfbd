using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Sharding;

/// <summary>The scenarios one shard runs, in the suite's order, and what its report records about the shard.</summary>
public sealed record ShardOfSuite(IReadOnlyList<Scenario> Scenarios, ShardDocument Document);
