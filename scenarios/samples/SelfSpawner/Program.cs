// MALICIOUS SAMPLE (runs only in the sandbox): a fork bomb by self-spawning. Each copy of the program starts two
// more copies of its own executable and waits for them, up to a depth of 8 (511 copies if nothing stopped it; a
// real bomb has no bound). Forks the kernel refuses are swallowed, so the first copy still exits 0.
using System.Diagnostics;

var depth = args.Length > 0 ? int.Parse(args[0]) : 0;
var children = new List<Process>();
if (depth < 8)
{
    for (var i = 0; i < 2; i++)
    {
        try
        {
            children.Add(Process.Start(Environment.ProcessPath!, (depth + 1).ToString())!);
        }
        catch (Exception)
        {
            // Refused by the pids limit (EAGAIN): carry on, as a bomb would.
        }
    }
}

foreach (var child in children)
{
    child.WaitForExit();
}

Console.WriteLine($"copy at depth {depth} done");
return 0;
