namespace DynamicProbe.Sinkhole.Records;

/// <summary>Why a record was dropped; written as the <c>reason</c> of a <see cref="TruncatedRecord"/>.</summary>
public enum DropReason
{
    /// <summary>More records per second than the rate limit allows.</summary>
    Rate,

    /// <summary>The total record limit was reached.</summary>
    TotalRecords,

    /// <summary>The total byte limit of the records file was reached.</summary>
    TotalBytes,

    /// <summary>Records came faster than the file took them.</summary>
    Backlog,

    /// <summary>Writing the file failed.</summary>
    WriteFailed,
}
