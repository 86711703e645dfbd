using System.Net.Sockets;
using System.Runtime.InteropServices;
using DynamicProbe.Sinkhole.Hosting;
using DynamicProbe.Sinkhole.Records;
using DynamicProbe.Sinkhole.Tcp;
using DynamicProbe.Sinkhole.Udp;

// The catcher inside a sandbox's network namespace. Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not start,
// 2 bad command line.
SinkholeOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (UsageException exception)
{
    Console.Error.WriteLine($"sinkhole: {exception.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

FileStream output;
try
{
    // No buffering: every record is one write, flushed at once (see RecordWriter).
    output = new FileStream(options.RecordsPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
}
catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"sinkhole: cannot open the records file {options.RecordsPath}: {exception.Message}");
    return 1;
}

await using (output)
{
    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.TrySetResult();
    }

    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

    Catcher catcher;
    try
    {
        catcher = Catcher.Start(
            options, output, new SocketOriginalDestination(), new ConntrackOriginalDestination(options.ConntrackPath), TimeProvider.System);
    }
    catch (SocketException exception)
    {
        var message = $"cannot listen ({exception.SocketErrorCode}): {exception.Message}";
        Console.Error.WriteLine($"sinkhole: {message}");
        new RecordWriter(output, new RecordLimits(), TimeProvider.System).WriteNow(new ErrorRecord(DateTimeOffset.UtcNow, "sinkhole", message));
        return 1;
    }

    await using (catcher)
    {
        await stop.Task;
    }
}

return 0;
