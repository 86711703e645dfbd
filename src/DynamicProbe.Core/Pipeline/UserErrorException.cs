namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// A problem the user must fix before a scenario can run (a bad scenario file, a failed build, no Docker engine).
/// The message names the file and line where there is one, and the fix. It maps to exit code 2.
/// </summary>
public sealed class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public UserErrorException()
    {
    }
}
