namespace DynamicProbe.Sinkhole.Records;

/// <summary>Why the catcher stopped listening to a connection.</summary>
public enum TcpConnectionEnd
{
    /// <summary>The program closed its side.</summary>
    Closed,

    /// <summary>The program sent nothing for the idle timeout.</summary>
    Idle,

    /// <summary>The per-connection deadline passed while the program was still sending.</summary>
    Deadline,

    /// <summary>The program sent more than the catcher counts for one connection.</summary>
    ByteCap,

    /// <summary>The connection failed (reset by the program).</summary>
    Reset,

    /// <summary>Too many connections were open: this one was recorded and closed at once, unread.</summary>
    Overloaded,

    /// <summary>The catcher was stopping.</summary>
    Shutdown,
}
