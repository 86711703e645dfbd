// MALICIOUS SAMPLE (runs only in the sandbox): a fork bomb by self-spawning. Each copy of the program starts two
// more copies of its own executable and waits for them, up to a depth of 8 (511 copies if nothing stopped it; a
// real bomb has no bound). Forks the kernel refuses are swallowed, so the first copy still exits 0. Every copy
// gives up waiting at a deadline the first one sets, and the copies end with SIGKILL rather than the runtime's
// shutdown: a runtime that lost threads to the pids limit can hang in either, and the sample must end on its own.
using System.Diagnostics;
using System.Globalization;

var depth = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
var deadline = args.Length > 1
    ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[1], CultureInfo.InvariantCulture))
    : DateTimeOffset.UtcNow.AddSeconds(15);
var children = new List<Process>();
if (depth < 8)
{
    for (var i = 0; i < 2; i++)
    {
        try
        {
            var next = (depth + 1).ToString(CultureInfo.InvariantCulture);
            children.Add(Process.Start(Environment.ProcessPath!, [next, deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)]));
        }
        catch (Exception)
        {
            // Refused by the pids limit (EAGAIN): carry on, as a bomb would.
        }
    }
}

foreach (var child in children)
{
    var left = deadline - DateTimeOffset.UtcNow;
    child.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero);
}

Console.WriteLine($"copy at depth {depth} done");
if (depth > 0)
{
    Process.GetCurrentProcess().Kill();
}

return 0;
