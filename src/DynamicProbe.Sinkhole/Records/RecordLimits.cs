namespace DynamicProbe.Sinkhole.Records;

/// <summary>
/// Bounds on what a hostile program can make the catcher write. Records past a bound are dropped and counted, and a
/// <see cref="TruncatedRecord"/> says how many, so lost data is never silent.
/// </summary>
/// <param name="MaxRecords">Records admitted in all (ready, truncated and stopped records do not count).</param>
/// <param name="MaxBytes">Bytes of records written in all.</param>
/// <param name="RecordsPerSecond">Sustained rate; <paramref name="Burst"/> may come at once.</param>
/// <param name="Backlog">Records waiting to be written; more means the file cannot keep up.</param>
public sealed record RecordLimits(
    int MaxRecords = 100_000,
    long MaxBytes = 64L * 1024 * 1024,
    int RecordsPerSecond = 2_000,
    int Burst = 10_000,
    int Backlog = 256);
